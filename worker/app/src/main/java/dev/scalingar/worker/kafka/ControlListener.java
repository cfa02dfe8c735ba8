package dev.scalingar.worker.kafka;

import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads cancel commands. No consumer group: every worker assigns itself every partition of the
 * control topic, so each sees every command; it starts at the end, since older commands concern
 * jobs that are long gone or that the gateway already marked.
 */
public final class ControlListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);
  private final KafkaConsumer<String, byte[]> consumer;

  public ControlListener(KafkaConnection kafka, String topic) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(
        consumer::position); // resolve the end now, not lazily after a command was sent
  }

  /** Commands that arrived since the last call (invalid ones are logged and skipped). */
  public List<CancelCommand> poll() {
    List<CancelCommand> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
      try {
        out.add(
            WireEvents.data(
                WireEvents.fromKafka(r.topic(), r.headers(), r.value()), CancelCommand.class));
      } catch (WireFormatException e) {
        LOG.warn(
            "ignoring an invalid control record at {}/{}@{}: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            e.getMessage());
      }
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
