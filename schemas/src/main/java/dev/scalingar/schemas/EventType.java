package dev.scalingar.schemas;

import dev.scalingar.schemas.events.JobAccepted;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every CloudEvent {@code type} we produce, with its data record and schema. Reverse-DNS names
 * (docs/design.md). The type is the single place that ties a wire name to a Java type.
 */
public enum EventType {
  JOB_REQUESTED("dev.scalingar.job.requested", "job-request", JobRequest.class),
  JOB_CANCEL("dev.scalingar.job.cancel", "cancel-command", CancelCommand.class),
  JOB_ACCEPTED("dev.scalingar.job.accepted", "job-accepted", JobAccepted.class),
  JOB_STARTED("dev.scalingar.job.started", "job-started", JobStarted.class),
  JOB_PROGRESS("dev.scalingar.job.progress", "job-progress", JobProgress.class),
  TRAJECTORY_PRUNED("dev.scalingar.trajectory.pruned", "trajectory-pruned", TrajectoryPruned.class),
  JOB_COMPLETED("dev.scalingar.job.completed", "job-completed", JobCompleted.class),
  JOB_FAILED("dev.scalingar.job.failed", "job-failed", JobFailed.class),
  JOB_CANCELLED("dev.scalingar.job.cancelled", "job-cancelled", JobCancelled.class),
  /** Added within v1: a worker's capacity and load (the fleet view), not about a job. */
  WORKER_HEARTBEAT("dev.scalingar.worker.heartbeat", "worker-heartbeat", WorkerHeartbeat.class);

  private final String type;
  private final String schema;
  private final Class<?> dataType;

  EventType(String type, String schema, Class<?> dataType) {
    this.type = type;
    this.schema = schema;
    this.dataType = dataType;
  }

  /** The CloudEvents {@code type} attribute. */
  public String type() {
    return type;
  }

  /** The schema name in {@link WireSchemas}. */
  public String schema() {
    return schema;
  }

  public Class<?> dataType() {
    return dataType;
  }

  public static Optional<EventType> fromType(String type) {
    return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
  }

  public static EventType of(Object data) {
    return Arrays.stream(values())
        .filter(t -> t.dataType.isInstance(data))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no event type for " + data.getClass().getName()));
  }
}
