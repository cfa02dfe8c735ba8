package dev.scalingar.worker.kafka;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.WireFormatException;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.worker.failure.Failure;
import dev.scalingar.worker.failure.Failures;
import io.cloudevents.CloudEvent;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record of the jobs topic into a job or a reason to dead-letter it. Never throws: a poison
 * record must not stall its partition.
 */
public final class Intake {

  /** What a record turned out to be. */
  public sealed interface Outcome permits Job, Poison {}

  public record Job(JobRequest request, CloudEvent event) implements Outcome {}

  /**
   * @param failure why, as the worker's failure classes say it (a record that is not a runnable job
   *     never becomes one)
   * @param jobId the job id when it could be read (for the failed event), else empty
   * @param tenant likewise
   */
  public record Poison(Failure.Poison failure, Optional<String> jobId, Optional<String> tenant)
      implements Outcome {
    Poison(
        JobFailed.Reason reason, String detail, Optional<String> jobId, Optional<String> tenant) {
      this(Failures.unreadable(reason, detail), jobId, tenant);
    }

    public JobFailed.Reason reason() {
      return failure.reason();
    }

    public String detail() {
      return failure.detail();
    }
  }

  private final Set<String> models;

  /**
   * @param models the model names this worker serves
   */
  public Intake(Set<String> models) {
    this.models = Set.copyOf(models);
  }

  public Outcome read(ConsumerRecord<String, byte[]> record) {
    CloudEvent event;
    try {
      event = WireEvents.fromKafka(record.topic(), record.headers(), record.value());
    } catch (WireFormatException e) {
      return poison(JobFailed.Reason.INVALID_REQUEST, e.getMessage(), record, null);
    }
    if (!EventType.JOB_REQUESTED.type().equals(event.getType())) {
      return poison(
          JobFailed.Reason.INVALID_REQUEST,
          "expected event type "
              + EventType.JOB_REQUESTED.type()
              + " but got '"
              + event.getType()
              + "'",
          record,
          event);
    }
    JobRequest request;
    try {
      request = WireEvents.data(event, JobRequest.class);
    } catch (WireFormatException e) {
      boolean strategy = e.violations().stream().anyMatch(v -> v.field().equals("/spec/strategy"));
      return poison(
          strategy ? JobFailed.Reason.UNKNOWN_STRATEGY : JobFailed.Reason.INVALID_REQUEST,
          e.getMessage(),
          record,
          event);
    }
    if (!models.contains(request.spec().model())) {
      return new Poison(
          JobFailed.Reason.UNKNOWN_MODEL,
          "model '"
              + request.spec().model()
              + "' is not served by this worker (serves: "
              + String.join(", ", models.stream().sorted().toList())
              + ")",
          Optional.of(request.jobId()),
          Optional.of(request.tenant()));
    }
    return new Job(request, event);
  }

  private static Poison poison(
      JobFailed.Reason reason,
      String detail,
      ConsumerRecord<String, byte[]> record,
      CloudEvent event) {
    // The key is the job id by contract; the tenant extension may survive where the data did not.
    Optional<String> jobId =
        Optional.ofNullable(record.key()).filter(k -> k.matches("^[A-Za-z0-9_-]{8,64}$"));
    Optional<String> tenant =
        Optional.ofNullable(event)
            .map(e -> e.getExtension(WireEvents.TENANT_EXTENSION))
            .map(Object::toString)
            .filter(t -> t.matches("^[a-z0-9][a-z0-9_-]{0,63}$"));
    return new Poison(reason, detail, jobId, tenant);
  }
}
