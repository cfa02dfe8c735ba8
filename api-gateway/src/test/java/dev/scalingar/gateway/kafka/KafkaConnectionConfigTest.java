package dev.scalingar.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads KAFKA_CLIENT_* through MicroProfile Config, where environment variables appear
 * under their own names.
 */
class KafkaConnectionConfigTest {

  static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
  }

  @Test
  void clientVariablesReachEveryClientOfTheGateway() {
    var c =
        KafkaBeans.connection(
            "kafka:9093",
            config(
                Map.of(
                    "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                    "gateway.kafka.bootstrap-servers", "other:1")));
    assertThat(c.clientProperties())
        .containsOnly(
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
    assertThat(c.bootstrapServers()).isEqualTo("kafka:9093");
  }

  @Test
  void aMistypedVariableStopsTheStartWithItsName() {
    assertThatThrownBy(
            () ->
                KafkaBeans.connection(
                    "kafka:9093", config(Map.of("KAFKA_CLIENT_SECURITY_PROTOCL", "SASL_SSL"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_CLIENT_SECURITY_PROTOCL");
  }
}
