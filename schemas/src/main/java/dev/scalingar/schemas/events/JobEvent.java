package dev.scalingar.schemas.events;

/**
 * The data of every job event on {@code scalingar.events.v1} (the topic also carries {@link
 * WorkerHeartbeat}s, which are about a worker). Closed: a new event type is a new record here, a
 * new schema file and a new {@link EventType} constant, all in one change.
 */
public sealed interface JobEvent
    permits JobAccepted,
        JobStarted,
        JobProgress,
        TrajectoryPruned,
        JobCompleted,
        JobFailed,
        JobCancelled {

  String jobId();

  String tenant();

  /** True for the events after which nothing more happens to the job. */
  default boolean terminal() {
    return this instanceof JobCompleted
        || this instanceof JobFailed
        || this instanceof JobCancelled;
  }
}
