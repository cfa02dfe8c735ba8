package dev.scalingar.engine;

/**
 * When pending jobs get slots. A job's N trajectories are always admitted together, in lockstep:
 * the termination gate compares trajectories at the same step (its θ is a quantile of their C),
 * so they must be at the same step — the paper over-initialises the same way.
 */
public enum Admission {
  /**
   * A job is admitted as soon as enough slots are free, at the next step, including slots freed
   * by pruning one step earlier: pruning turns into throughput. FIFO, with backfill: when the
   * oldest pending job does not fit, a later one that fits may go first, until the oldest has
   * waited {@link EngineOptions#agingSteps()} steps; then slots are held for it.
   */
  REFILL,
  /**
   * Static batching, the baseline: a new batch is admitted only when every slot is free, so
   * slots freed by pruning idle until the whole batch ends.
   */
  STATIC
}
