package dev.scalingar.cli.chaos;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobStarted;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the events topic from its beginning, in the background, for the whole scenario (through
 * broker restarts: the consumer reconnects), keeping every job event it sees. It is the chaos
 * runner's ground truth for outcomes: what the workers published, whatever the gateway says.
 */
final class EventTap implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<SeenEvent> seen = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  EventTap(String bootstrap) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.EVENTS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::loop, "chaos-event-tap");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          SeenEvent e = parse(r);
          if (e != null) {
            synchronized (seen) {
              seen.add(e);
            }
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        return;
      } catch (RuntimeException e) {
        // A record that is no event, or the broker away: keep reading, as a consumer would.
      }
    }
  }

  private static SeenEvent parse(ConsumerRecord<byte[], byte[]> r) {
    CloudEvent ce;
    try {
      ce = WireEvents.fromKafka(r.topic(), r.headers(), r.value());
    } catch (RuntimeException notAnEvent) {
      return null;
    }
    String type = ce.getType();
    if (!type.startsWith("dev.scalingar.job.") || ce.getSubject() == null) {
      return null; // heartbeats, pruned marks
    }
    String shortType = type.substring("dev.scalingar.job.".length());
    String reason = null;
    int attempt = 0;
    if (type.equals(EventType.JOB_FAILED.type())) {
      reason = WireEvents.data(ce, JobFailed.class).reason().wireName();
    } else if (type.equals(EventType.JOB_STARTED.type())) {
      attempt = WireEvents.data(ce, JobStarted.class).attempt();
    }
    return new SeenEvent(ce.getSubject(), shortType, ce.getId(), reason, attempt);
  }

  /** Every job event seen so far. */
  List<SeenEvent> events() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** Waits until {@code until} holds of the events seen, or {@code timeout}; returns whether. */
  boolean await(Predicate<List<SeenEvent>> until, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (until.test(events())) {
        return true;
      }
      Thread.sleep(200);
    }
    return until.test(events());
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    consumer.wakeup();
    thread.join(5_000);
    consumer.close(Duration.ofSeconds(2));
  }
}
