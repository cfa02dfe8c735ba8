package dev.scalingar.engine;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.TraceRow;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one engine step did, for the caller to turn into events, uploads and metrics.
 *
 * @param step the engine's step counter
 * @param started jobs admitted this step (their prefill ran in it)
 * @param pruned trajectories that ended early this step
 * @param progress jobs due a progress report
 * @param finished jobs whose last trajectory ended this step
 * @param failed jobs that failed inside this step (their session refused its logits, or the model
 *     call they were in threw); their slots are free, the other jobs of the step went on
 * @param busySlots trajectory slots that ran this step
 * @param capacity trajectory slots in all
 * @param modelNanos time inside the model
 * @param <A> the jobs' attachment type
 */
public record StepReport<A>(
    long step,
    List<Started<A>> started,
    List<Pruned<A>> pruned,
    List<Progress<A>> progress,
    List<Finished<A>> finished,
    List<Failed<A>> failed,
    int busySlots,
    int capacity,
    long modelNanos) {

  public record Started<A>(EngineJob<A> job, int trajectories, int totalSteps, long queuedNanos) {}

  public record Pruned<A>(
      EngineJob<A> job,
      int trajectory,
      int step,
      EndReason reason,
      double confidence,
      double theta) {}

  /**
   * A job's progress after a step.
   *
   * @param confidences C of the live trajectories, ascending
   * @param rows this step's trace rows of the job (every trajectory that ran, events included), so
   *     callers can follow each trajectory's C without waiting for the finished trace
   */
  public record Progress<A>(
      EngineJob<A> job,
      int step,
      int totalSteps,
      int liveTrajectories,
      long visualTokens,
      OptionalDouble theta,
      double[] confidences,
      List<TraceRow> rows) {}

  /** A finished job: its outcome, every trace row, and timings. */
  public record Finished<A>(
      EngineJob<A> job,
      JobOutcome outcome,
      List<TraceRow> trace,
      long queuedNanos,
      long runNanos) {}

  /** A job that failed inside the engine, with a reason for its owner. */
  public record Failed<A>(EngineJob<A> job, String reason) {}

  public boolean idle() {
    return busySlots == 0;
  }
}
