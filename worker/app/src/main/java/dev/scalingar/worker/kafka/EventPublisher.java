package dev.scalingar.worker.kafka;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.KafkaWire;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes job events as CloudEvents (acks=all, idempotent) keyed by job id, with deterministic
 * ids so a redelivered job's events dedupe downstream.
 */
public final class EventPublisher implements AutoCloseable {

  private final KafkaProducer<String, CloudEvent> producer;
  private final String topic;
  private final URI source;
  private final long durableWaitMillis;

  public EventPublisher(KafkaConnection kafka, String topic, String worker) {
    Map<String, Object> config = KafkaWire.eventProducerConfig(kafka);
    this.producer = new KafkaProducer<>(config);
    // Waits past the producer's own delivery timeout (120 s unless set): the producer retries a
    // restarting broker by itself, and a wait that gave up earlier failed jobs whose events would
    // still have been delivered (issue 21: a broker stopped 20 s).
    this.durableWaitMillis =
        Long.parseLong(
                String.valueOf(
                    config.getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000)))
            + 10_000;
    this.topic = topic;
    this.source = URI.create("/scalingar/worker/" + worker);
  }

  /** Fire and forget (progress, pruned): ordering per job is kept by the key's partition. */
  public Future<RecordMetadata> publish(JobEvent event, Object... discriminators) {
    String id = WireEvents.eventId(event.jobId(), EventType.of(event), discriminators);
    return producer.send(
        new ProducerRecord<>(topic, event.jobId(), WireEvents.envelope(id, source, event)));
  }

  /**
   * A heartbeat, keyed by {@code worker/{id}}; its id only needs to be unique (nobody dedupes a
   * heartbeat twice).
   */
  public Future<RecordMetadata> publish(WorkerHeartbeat heartbeat) {
    String id = heartbeat.subject() + "/heartbeat/" + System.currentTimeMillis();
    return producer.send(
        new ProducerRecord<>(
            topic, heartbeat.subject(), WireEvents.envelope(id, source, heartbeat)));
  }

  /** Waits until the broker has the event (terminal events: the offset is committed only after). */
  public void publishDurably(JobEvent event, Object... discriminators) throws Exception {
    publish(event, discriminators).get(durableWaitMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    producer.close();
  }
}
