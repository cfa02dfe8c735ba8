package dev.scalingar.worker.kafka;

import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Copies an unprocessable record, byte for byte with its headers, to the dead-letter topic, adding
 * why and where it came from. Synchronous: the caller commits the original offset only afterwards.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String REASON = "scalingar.dlq.reason";
  public static final String DETAIL = "scalingar.dlq.detail";
  public static final String ORIGIN = "scalingar.dlq.origin";
  public static final String WORKER = "scalingar.dlq.worker";

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final String worker;

  public DeadLetters(KafkaConnection kafka, String topic, String worker) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.worker = worker;
  }

  public static String defaultTopic() {
    return Topics.JOBS_DLQ;
  }

  public void send(ConsumerRecord<String, byte[]> original, String reason, String detail)
      throws Exception {
    RecordHeaders headers = new RecordHeaders(original.headers().toArray());
    headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(DETAIL, truncate(detail).getBytes(StandardCharsets.UTF_8));
    headers.add(
        ORIGIN,
        (original.topic() + "/" + original.partition() + "@" + original.offset())
            .getBytes(StandardCharsets.UTF_8));
    headers.add(WORKER, worker.getBytes(StandardCharsets.UTF_8));
    producer
        .send(new ProducerRecord<>(topic, null, original.key(), original.value(), headers))
        .get(30, TimeUnit.SECONDS);
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
  }

  @Override
  public void close() {
    producer.close();
  }
}
