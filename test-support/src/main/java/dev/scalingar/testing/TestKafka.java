package dev.scalingar.testing;

import dev.scalingar.infra.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The JVM's broker as one test sees it: topic names of its own (created on request) and client
 * settings. Reading waits on a condition with a deadline; it never sleeps a fixed time.
 */
public final class TestKafka {

  private final EmbeddedKafka broker;
  private final String testId;

  TestKafka(EmbeddedKafka broker, String testId) {
    this.broker = broker;
    this.testId = testId;
  }

  /**
   * A test's view of a broker it started itself (e.g. one with a SCRAM listener); clients use its
   * plaintext listener.
   */
  public static TestKafka on(EmbeddedKafka broker, String testId) {
    return new TestKafka(broker, testId);
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** {@code base} made unique to this test, created with {@code partitions} partitions. */
  public String topic(String base, int partitions) {
    String name = base + "." + testId;
    broker.createTopic(name, partitions);
    return name;
  }

  public String topic(String base) {
    return topic(base, 1);
  }

  /** Producer settings the fleet uses: acks=all, idempotent. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return c;
  }

  /** Consumer settings for a fresh group reading from the beginning, committing by hand. */
  public Map<String, Object> consumerConfig(String group) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group + "." + testId);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return c;
  }

  /**
   * Reads {@code topic} from the beginning until {@code done} holds for what was read, or fails
   * after {@code timeout}. Keys are strings, values raw bytes (so a test can also see poison
   * records).
   */
  public List<ConsumerRecord<String, byte[]>> readUntil(
      String topic, Duration timeout, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    Map<String, Object> c = consumerConfig("reader-" + UUID.randomUUID());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(seen)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "condition not met on topic "
                  + topic
                  + " within "
                  + timeout
                  + "; read "
                  + seen.size()
                  + " records");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }
    return seen;
  }

  /** Reads until at least {@code count} records arrived. */
  public List<ConsumerRecord<String, byte[]>> read(String topic, int count, Duration timeout) {
    return readUntil(topic, timeout, r -> r.size() >= count);
  }

  public void createTopics(Collection<NewTopic> topics) {
    broker.createTopics(topics);
  }
}
