package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Data of {@code dev.scalingar.worker.heartbeat}: one worker's capacity and load, published on
 * scalingar.events.v1 every {@code intervalMillis}. It is about a worker, not a job, so it is not a
 * {@link JobEvent}: its key and subject are {@code worker/{worker}} ({@link #subject()}).
 *
 * @param slots trajectory slots (model rows / 2)
 * @param pendingJobs jobs taken from Kafka and not yet admitted into the batch
 * @param pendingTrajectorySteps steps left of every trajectory the worker holds
 * @param draining true after SIGTERM: the worker takes no new work
 */
public record WorkerHeartbeat(
    @JsonProperty("worker") String worker,
    @JsonProperty("interval_ms") long intervalMillis,
    @JsonProperty("slots") int slots,
    @JsonProperty("busy_slots") int busySlots,
    @JsonProperty("live_trajectories") int liveTrajectories,
    @JsonProperty("running_jobs") int runningJobs,
    @JsonProperty("pending_jobs") int pendingJobs,
    @JsonProperty("pending_trajectories") int pendingTrajectories,
    @JsonProperty("pending_trajectory_steps") long pendingTrajectorySteps,
    @JsonProperty("draining") boolean draining) {

  /**
   * Kafka key and CloudEvents subject: {@code worker/} + the worker id (never a job id: those have
   * no slash).
   */
  public String subject() {
    return "worker/" + worker;
  }
}
