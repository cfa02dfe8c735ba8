package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

  static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"w\" password=\"hunter2\";";

  @Test
  void clientVariablesBecomeDottedClientProperties() {
    KafkaConnection c =
        KafkaConnection.fromEnvironment(
            "kafka:9093",
            Map.of(
                "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_CLIENT_SASL_MECHANISM", " SCRAM-SHA-512 ",
                "KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/etc/kafka-ca/ca.crt",
                "KAFKA_CLIENT_SSL_KEY_PASSWORD", "",
                "KAFKA_BOOTSTRAP_SERVERS", "ignored-here:1",
                "PATH", "/usr/bin"));
    assertThat(c.clientProperties())
        .containsOnly(
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("sasl.jaas.config", JAAS),
            Map.entry("ssl.truststore.type", "PEM"),
            Map.entry("ssl.truststore.location", "/etc/kafka-ca/ca.crt"));
    Map<String, Object> config = c.clientConfig();
    assertThat(config)
        .containsEntry("bootstrap.servers", "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL");
    config.put("client.id", "mine");
    assertThat(c.clientConfig()).as("each call a fresh map").doesNotContainKey("client.id");
  }

  @Test
  void noVariablesMeansAPlaintextConnection() {
    assertThat(KafkaConnection.fromEnvironment("127.0.0.1:19092", Map.of()))
        .isEqualTo(KafkaConnection.plaintext("127.0.0.1:19092"));
    assertThat(KafkaConnection.plaintext("h:1").clientConfig())
        .containsOnly(Map.entry("bootstrap.servers", "h:1"));
  }

  @Test
  void aTypoIsRefusedWithTheVariableItCameFrom() {
    assertThatThrownBy(
            () ->
                KafkaConnection.fromEnvironment(
                    "h:1", Map.of("KAFKA_CLIENT_SASL_MECHANISMS", "PLAIN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_CLIENT_SASL_MECHANISMS names no Kafka client property")
        .hasMessageContaining("sasl.mechanisms");
    assertThatThrownBy(
            () ->
                KafkaConnection.fromEnvironment(
                    "h:1", Map.of("KAFKA_CLIENT_BOOTSTRAP_SERVERS", "x:1")))
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    assertThatThrownBy(() -> KafkaConnection.plaintext(" "))
        .hasMessageContaining("bootstrap servers are empty");
  }

  @Test
  void theDescriptionNamesPropertiesButNeverTheirValues() {
    KafkaConnection c =
        KafkaConnection.fromEnvironment(
            "kafka:9093", Map.of("KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS));
    assertThat(c.toString()).contains("kafka:9093", "sasl.jaas.config").doesNotContain("hunter2");
  }

  @Test
  void everyProducerOfTheFleetStartsFromTheConnection() {
    KafkaConnection c =
        KafkaConnection.fromEnvironment(
            "kafka:9093", Map.of("KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(KafkaWire.eventProducerConfig(c))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("acks", "all");
  }
}
