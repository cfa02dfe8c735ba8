package dev.scalingar.schemas;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Kafka client of a service reaches the cluster: the bootstrap servers plus the client
 * properties the deployment adds (security protocol, SASL mechanism and JAAS login, trust store).
 * Every producer, consumer and admin client of the gateway and the worker starts from {@link
 * #clientConfig()}, so a cluster that requires SCRAM over TLS is one set of environment variables
 * away and no client can be left on the anonymous listener.
 *
 * <p>The properties come from environment variables {@code KAFKA_CLIENT_<NAME>}: the name
 * lower-cased with {@code _} read as {@code .}, e.g. {@code KAFKA_CLIENT_SASL_JAAS_CONFIG} sets
 * {@code sasl.jaas.config} (Kafka client property names have no underscores, so this is
 * unambiguous). A name that is no Kafka client property is refused at start-up rather than ignored.
 *
 * @param bootstrapServers {@code host:port,...}
 * @param clientProperties Kafka client properties by their dotted name
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {

  /** Environment variables with this prefix become client properties. */
  public static final String ENV_PREFIX = "KAFKA_CLIENT_";

  private static final Set<String> KNOWN = known();

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers are empty (KAFKA_BOOTSTRAP_SERVERS)");
    }
    clientProperties = Map.copyOf(clientProperties);
    for (String name : clientProperties.keySet()) {
      if (name.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalArgumentException(
            "set bootstrap.servers with KAFKA_BOOTSTRAP_SERVERS, not " + envName(name));
      }
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException(
            envName(name)
                + " names no Kafka client property ('"
                + name
                + "' is not a producer, consumer or admin client setting)");
      }
    }
  }

  /**
   * A connection without client properties (a plaintext, anonymous listener, as in the embedded
   * stack).
   */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The {@code KAFKA_CLIENT_*} variables of {@code environment} as client properties; blank values
   * are skipped.
   */
  public static KafkaConnection fromEnvironment(
      String bootstrapServers, Map<String, String> environment) {
    Map<String, String> properties = new HashMap<>();
    environment.forEach(
        (key, value) -> {
          if (key.startsWith(ENV_PREFIX)
              && key.length() > ENV_PREFIX.length()
              && value != null
              && !value.isBlank()) {
            properties.put(
                key.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value.trim());
          }
        });
    return new KafkaConnection(bootstrapServers, properties);
  }

  /**
   * A fresh, mutable client configuration: bootstrap servers and the connection's properties;
   * callers add their own.
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return c;
  }

  /** Property names only: values may hold passwords (sasl.jaas.config, ssl.*.password). */
  @Override
  public String toString() {
    return "KafkaConnection["
        + bootstrapServers
        + ", "
        + new TreeSet<>(clientProperties.keySet())
        + "]";
  }

  /**
   * The environment variable that sets a client property: {@code sasl.jaas.config} → {@code
   * KAFKA_CLIENT_SASL_JAAS_CONFIG}.
   */
  public static String envName(String property) {
    return ENV_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  private static Set<String> known() {
    Set<String> names = new TreeSet<>(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }
}
