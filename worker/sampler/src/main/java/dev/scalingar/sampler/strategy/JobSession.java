package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;

/**
 * One job in flight, driven by the engine one step at a time. All live trajectories of a job
 * advance together: at step t each samples raster position t.
 *
 * <pre>{@code
 * JobSession session = Strategy.named("scalingar").start(job);
 * while (!session.isDone()) {
 *     for (int n : session.liveTrajectories()) ... run the model on n's cond and uncond rows ...
 *     StepResult r = session.step(input);          // tokens, ended trajectories, copies, trace
 *     ... free r.ended() slots, apply r.copies() to the KV cache, append r.tokens() ...
 * }
 * JobOutcome outcome = session.finish();            // the selected grid and the accounting
 * }</pre>
 *
 * Not thread-safe: one engine thread owns a session. To cancel, drop it.
 */
public interface JobSession {

  SamplingJob job();

  /** The strategy's name ({@code scalingar}, {@code bon}, ...). */
  String strategy();

  /** The trajectories started (0 … N−1; just {0} for base). */
  int[] trajectories();

  /** The trajectories still live, ascending: the rows the next step needs. */
  int[] liveTrajectories();

  /** The 0-based step (raster position) the next call to {@link #step} samples. */
  int nextStep();

  /** The CFG scale trajectory {@code n} must run its next step with. */
  double cfgFor(int trajectory);

  /**
   * Samples one step for every live trajectory.
   *
   * @throws IllegalArgumentException when the input does not hold exactly one row per live
   *     trajectory or a row is too short (nothing changed: the step may be retried), or when logits
   *     hold NaN or +Infinity (the session is then failed: the job must fail)
   * @throws IllegalStateException when the job is done, or the session failed
   */
  StepResult step(StepInput input);

  boolean isDone();

  /** The selection and accounting of a done job. @throws IllegalStateException before that. */
  JobOutcome finish();
}
