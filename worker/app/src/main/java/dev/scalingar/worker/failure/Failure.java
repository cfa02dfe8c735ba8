package dev.scalingar.worker.failure;

import dev.scalingar.schemas.events.JobFailed;

/**
 * What an error in the worker means, and so what is done about it: every catch site in the worker
 * asks {@link Failures} for one of these and acts on its class, never on the exception (the table
 * in worker/README.md, "Failure classes").
 */
public sealed interface Failure {

  /** For logs and {@code job.failed}: never null. */
  String detail();

  /**
   * This job can never succeed as it is: it fails with {@code reason}, its record is dead-lettered
   * with the reason, and its offset is committed, so it cannot come back to fail again.
   *
   * @param resubmittable {@code job.failed}'s {@code retryable}: whether submitting the same job
   *     again later may succeed (storage or broker gone past every retry), not whether this worker
   *     retries
   */
  record Poison(JobFailed.Reason reason, String detail, boolean resubmittable) implements Failure {}

  /**
   * A dependency is away for now, or a step failed in a way a second run may not repeat: retried
   * with backoff (storage), by the client's own retries (broker), or as a new attempt of the job
   * (model), while the job keeps its record uncommitted. Bounded: past its deadline or the job's
   * attempts it becomes {@link #exhausted()}.
   */
  record Retryable(Dependency dependency, String detail) implements Failure {

    /** What a retryable failure becomes once its retries are spent. */
    public Poison exhausted(String why) {
      return switch (dependency) {
        case STORAGE -> new Poison(JobFailed.Reason.STORAGE_ERROR, why + ": " + detail, true);
        case BROKER -> new Poison(JobFailed.Reason.BROKER_ERROR, why + ": " + detail, true);
        // the same job fails the same way on every worker (or the device is broken): a client's
        // resubmission will not help
        case MODEL -> new Poison(JobFailed.Reason.INTERNAL, why + ": " + detail, false);
      };
    }
  }

  /**
   * The process cannot go on (its credentials are refused, the JVM is out of memory): stop taking
   * work, drain, and exit non-zero so the supervisor restarts it. Jobs it holds are not failed:
   * they are redelivered, and the attempt count stops one that keeps killing workers.
   */
  record Fatal(String detail) implements Failure {}

  /** What a retryable failure waits for. */
  enum Dependency {
    STORAGE,
    BROKER,
    MODEL
  }
}
