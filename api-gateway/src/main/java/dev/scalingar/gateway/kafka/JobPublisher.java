package dev.scalingar.gateway.kafka;

import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.submit.JobIds;
import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.KafkaWire;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobAccepted;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes the gateway's records: job requests, accepted events and cancel commands, each a
 * CloudEvent keyed by job id, through one producer with the fleet's settings ({@link
 * KafkaWire#eventProducerConfig}: acks=all, idempotent). Sends never block the caller for more than
 * {@code gateway.kafka.max-block}; the returned future completes when the broker acked.
 */
public final class JobPublisher implements AutoCloseable {

  private final KafkaProducer<String, CloudEvent> producer;
  private final URI source;

  public JobPublisher(GatewayConfig.Kafka config, KafkaConnection connection) {
    this.source = URI.create(config.source());
    this.producer = new KafkaProducer<>(producerConfig(config, connection));
  }

  static Map<String, Object> producerConfig(
      GatewayConfig.Kafka config, KafkaConnection connection) {
    Map<String, Object> c = KafkaWire.eventProducerConfig(connection);
    long ack = config.ackTimeout().toMillis();
    long linger = config.linger().toMillis();
    long request = Math.max(1000, ack - linger - 1);
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "scalingar-gateway");
    // small batches, sent almost at once: the client waits for this ack, so latency beats batch
    // size
    c.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
    // send() runs on the HTTP event loop: bounded, so a missing broker is a quick 503, not a stall
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.maxBlock().toMillis());
    // the producer gives up when the HTTP request does (gateway.kafka.ack-timeout), so a 503 is not
    // followed by a late write of a job the client was told failed (except at the very edge)
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ack, request + linger));
    return c;
  }

  /**
   * The job record on its model's jobs topic (scalingar.jobs.{model}.v1), with the spec digest that
   * makes idempotency checkable after a restart.
   */
  public CompletableFuture<RecordMetadata> publishJob(
      JobRequest request, String specDigest, TraceContext trace) {
    CloudEvent event =
        withDigest(
            WireEvents.envelope(
                WireEvents.eventId(request.jobId(), EventType.JOB_REQUESTED), source, request),
            specDigest);
    return send(Topics.jobs(request.spec().model()), request.jobId(), event, trace);
  }

  /**
   * The accepted event of a job record: the spec's summary and the prompt in the grammar's words.
   */
  public static JobAccepted accepted(JobRequest request, Optional<String> canonicalPrompt) {
    return new JobAccepted(
        request.jobId(),
        request.tenant(),
        request.spec().strategy(),
        request.spec().n(),
        request.spec().model(),
        request.spec().metadata(),
        canonicalPrompt);
  }

  /**
   * dev.scalingar.job.accepted on scalingar.events.v1, for every other consumer of the events
   * topic.
   */
  public CompletableFuture<RecordMetadata> publishAccepted(
      JobAccepted accepted, String specDigest, TraceContext trace) {
    CloudEvent event =
        withDigest(
            WireEvents.envelope(
                WireEvents.eventId(accepted.jobId(), EventType.JOB_ACCEPTED), source, accepted),
            specDigest);
    return send(Topics.EVENTS, accepted.jobId(), event, trace);
  }

  /**
   * A cancel command on scalingar.control.v1; every worker sees it and the one running the job
   * stops it.
   */
  public CompletableFuture<RecordMetadata> publishCancel(
      CancelCommand command, TraceContext trace) {
    CloudEvent event =
        WireEvents.envelope(
            WireEvents.eventId(command.jobId(), EventType.JOB_CANCEL), source, command);
    return send(Topics.CONTROL, command.jobId(), event, trace);
  }

  private static CloudEvent withDigest(CloudEvent event, String digest) {
    return CloudEventBuilder.v1(event).withExtension(JobIds.DIGEST_EXTENSION, digest).build();
  }

  private CompletableFuture<RecordMetadata> send(
      String topic, String key, CloudEvent event, TraceContext trace) {
    ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(topic, key, event);
    trace.writeTo(record.headers());
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              acked.completeExceptionally(error);
            } else {
              acked.complete(metadata);
            }
          });
    } catch (RuntimeException e) { // no metadata within max.block, buffer full, producer closed
      acked.completeExceptionally(e);
    }
    return acked;
  }

  /**
   * Loads the producer's metadata for these topics (blocks up to max-block per topic; throws if not
   * there).
   */
  public void partitionsFor(java.util.List<String> topics) {
    for (String topic : topics) {
      if (producer.partitionsFor(topic).isEmpty()) {
        throw new IllegalStateException("topic " + topic + " has no partitions yet");
      }
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
