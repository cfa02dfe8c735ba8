package dev.scalingar.schemas;

import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 envelopes for our records. The {@code type} comes from {@link EventType}, the
 * data is the record's JSON checked against its schema, {@code subject} is the job id and the
 * {@code tenant} extension carries the tenant (so routers need not parse data).
 */
public final class WireEvents {

  /** CloudEvents extension attribute with the job's tenant. */
  public static final String TENANT_EXTENSION = "tenant";

  private static final String SCHEMA_BASE = "https://scalingar.dev/schemas/v1/";

  private WireEvents() {}

  /**
   * Wraps {@code data} (a JobRequest, CancelCommand, JobEvent or WorkerHeartbeat) in a CloudEvent
   * with id {@code id}.
   */
  public static CloudEvent envelope(String id, URI source, Object data) {
    EventType type = EventType.of(data);
    CloudEventBuilder b =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(source)
            .withType(type.type())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withDataSchema(URI.create(SCHEMA_BASE + type.schema() + ".schema.json"))
            .withData(WireCodec.encode(type.schema(), data));
    if (data instanceof WorkerHeartbeat h) {
      return b.withSubject(h.subject()).build(); // about a worker: no job, no tenant
    }
    JobRef ref = JobRef.of(data);
    return b.withSubject(ref.jobId()).withExtension(TENANT_EXTENSION, ref.tenant()).build();
  }

  /**
   * A deterministic event id: the same fact about the same job always gets the same id, so a
   * redelivered job's events can be deduplicated by id ({@code j-42/completed}, {@code
   * j-42/pruned/3}).
   */
  public static String eventId(String jobId, EventType type, Object... discriminators) {
    StringBuilder id = new StringBuilder(jobId).append('/').append(shortName(type));
    for (Object d : discriminators) {
      id.append('/').append(d);
    }
    return id.toString();
  }

  private static String shortName(EventType type) {
    String t = type.type();
    return t.substring(t.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * The typed data of an event; unknown types and invalid data are refused with the field named.
   */
  public static Object data(CloudEvent event) {
    EventType type =
        EventType.fromType(event.getType())
            .orElseThrow(
                () ->
                    new WireFormatException(
                        "event",
                        List.of(
                            new WireSchemas.Violation(
                                "/type", "unknown event type '" + event.getType() + "'"))));
    if (event.getData() == null) {
      throw new WireFormatException(
          type.schema(), List.of(new WireSchemas.Violation("/", "event has no data")));
    }
    return WireCodec.decode(type.schema(), event.getData().toBytes(), type.dataType());
  }

  public static <T> T data(CloudEvent event, Class<T> expected) {
    Object data = data(event);
    if (!expected.isInstance(data)) {
      throw new WireFormatException(
          "event",
          List.of(
              new WireSchemas.Violation(
                  "/type",
                  "expected "
                      + expected.getSimpleName()
                      + " but got event type '"
                      + event.getType()
                      + "'")));
    }
    return expected.cast(data);
  }

  /**
   * Parses a Kafka record's headers and value as a CloudEvent (binary or structured mode). A record
   * that is not a CloudEvent at all is a {@link WireFormatException}, never a poll failure:
   * consumers read raw bytes and call this, so one poison record cannot stall a partition.
   */
  public static CloudEvent fromKafka(String topic, Headers headers, byte[] value) {
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      return deserializer.deserialize(topic, headers, value);
    } catch (RuntimeException e) {
      throw new WireFormatException(
          "event", List.of(new WireSchemas.Violation("/", "not a CloudEvent: " + e.getMessage())));
    }
  }

  /** The job a record belongs to. */
  private record JobRef(String jobId, String tenant) {
    static JobRef of(Object data) {
      if (data instanceof JobRequest r) {
        return new JobRef(r.jobId(), r.tenant());
      }
      if (data instanceof CancelCommand c) {
        return new JobRef(c.jobId(), c.tenant());
      }
      if (data instanceof JobEvent e) {
        return new JobRef(e.jobId(), e.tenant());
      }
      throw new IllegalArgumentException("not a wire record: " + data.getClass().getName());
    }
  }
}
