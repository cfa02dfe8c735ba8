package dev.scalingar.gateway;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.KafkaWire;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plays the worker: publishes job events to scalingar.events.v1 exactly as a worker does
 * (WireEvents envelopes, the fleet's producer settings, deterministic event ids), and reads topics
 * back.
 */
final class TestWorker implements AutoCloseable {

  private static final URI SOURCE = URI.create("urn:scalingar:test-worker");
  private final KafkaProducer<String, CloudEvent> producer =
      new KafkaProducer<>(
          KafkaWire.eventProducerConfig(KafkaTestResource.kafka.bootstrapServers()));

  void started(String jobId, String tenant) {
    publish(
        WireEvents.eventId(jobId, EventType.JOB_STARTED, 1),
        new JobStarted(jobId, tenant, "test-worker", 1, 4, 64));
  }

  void progress(String jobId, String tenant, int step) {
    publish(
        WireEvents.eventId(jobId, EventType.JOB_PROGRESS, step),
        new JobProgress(
            jobId,
            tenant,
            step,
            64,
            3,
            step * 4L,
            OptionalDouble.of(0.4),
            Optional.of(new JobProgress.ConfidenceSummary(0.2, 0.5, 0.8))));
  }

  void pruned(String jobId, String tenant, int trajectory, int step) {
    publish(
        WireEvents.eventId(jobId, EventType.TRAJECTORY_PRUNED, trajectory),
        new TrajectoryPruned(
            jobId,
            tenant,
            trajectory,
            step,
            TrajectoryPruned.Reason.GATE,
            OptionalDouble.of(0.1),
            OptionalDouble.of(0.4)));
  }

  void completed(String jobId, String tenant) {
    publish(WireEvents.eventId(jobId, EventType.JOB_COMPLETED), completion(jobId, tenant));
  }

  void failed(String jobId, String tenant) {
    publish(
        WireEvents.eventId(jobId, EventType.JOB_FAILED),
        new JobFailed(jobId, tenant, JobFailed.Reason.STORAGE_ERROR, "bucket unreachable", true));
  }

  void cancelled(String jobId, String tenant) {
    publish(
        WireEvents.eventId(jobId, EventType.JOB_CANCELLED),
        new JobCancelled(jobId, tenant, OptionalInt.of(7), 28));
  }

  static JobCompleted completion(String jobId, String tenant) {
    JobCompleted.ObjectKeys keys = JobCompleted.ObjectKeys.forJob(jobId);
    JobCompleted.ObjectKeys urls =
        new JobCompleted.ObjectKeys(
            url(keys.image()),
            url(keys.trace()),
            url(keys.confidencePlot()),
            url(keys.candidates()),
            url(keys.manifest()));
    return new JobCompleted(
        jobId,
        tenant,
        "scalingar",
        keys,
        urls,
        Instant.parse("2030-01-01T00:00:00Z"),
        2,
        OptionalDouble.of(0.74),
        1,
        new JobCompleted.Tokens(160, 320, 256),
        new JobCompleted.Timings(5, 80, 3));
  }

  private static String url(String key) {
    return "http://127.0.0.1:19000/scalingar/" + key + "?X-Amz-Signature=0";
  }

  void heartbeat(dev.scalingar.schemas.events.WorkerHeartbeat h) {
    send(
        new ProducerRecord<>(
            Topics.EVENTS,
            h.subject(),
            WireEvents.envelope(h.subject() + "/heartbeat/" + System.nanoTime(), SOURCE, h)),
        h.subject());
  }

  void publish(String eventId, JobEvent event) {
    send(
        new ProducerRecord<>(
            Topics.EVENTS, event.jobId(), WireEvents.envelope(eventId, SOURCE, event)),
        eventId);
  }

  private void send(ProducerRecord<String, CloudEvent> record, String what) {
    try {
      producer.send(record).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish " + what, e);
    }
  }

  /**
   * Every record now on {@code topic}, from offset 0 to the end offsets at the time of the call.
   */
  static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            java.util.Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  static JobRequest request(ConsumerRecord<String, byte[]> r) {
    return WireEvents.data(
        WireEvents.fromKafka(r.topic(), r.headers(), r.value()), JobRequest.class);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
  }
}
