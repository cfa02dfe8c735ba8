package dev.scalingar.infra;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker + controller), bound to loopback.
 * It runs in the calling JVM; {@link LocalStack} runs the same class in a child JVM for the
 * embedded stack, so tests and the demo exercise one broker setup.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;
  private final String bootstrapServers;

  private EmbeddedKafka(EmbeddedKafkaBroker broker) {
    this.broker = broker;
    this.bootstrapServers = broker.getAdvertisedListeners().replaceAll("^[A-Z_]+://", "");
  }

  /** Starts a broker on {@code port} (0: a free port), with topics' log data deleted on close. */
  public static EmbeddedKafka start(int port) {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
        .withNodeId(0)
        .withKafkaHost(Loopback.HOST)
        .withDeleteLogDirsOnClose(true)
        .withAdditionalProperties(EmbeddedKafka::singleNodeDefaults);
    if (port > 0) {
      broker.withKafkaPort(port);
    }
    return new EmbeddedKafka(broker.start());
  }

  // A one-node cluster: internal topics with replication 1, no rebalance delay (a group's first
  // join would otherwise wait 3 s), and no auto-created topics (we create them with their
  // partition counts; auto-creation also gives LEADER_NOT_AVAILABLE noise, infra.md pitfall 4).
  private static void singleNodeDefaults(Properties p) {
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "3");
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates the topics that do not exist yet, and waits until the broker has them. */
  public void createTopics(Collection<NewTopic> topics) {
    createTopics(bootstrapServers, topics);
  }

  public void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
  }

  /** Idempotent topic creation against any cluster (used by the stack and by tests). */
  public static void createTopics(String bootstrapServers, Collection<NewTopic> topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public void close() {
    broker.close();
  }
}
