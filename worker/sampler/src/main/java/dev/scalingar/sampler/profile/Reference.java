package dev.scalingar.sampler.profile;

/** What a rolling normalisation compares a trajectory's value with (docs/algorithm.md, B and D). */
public enum Reference {
  /** The trajectory's own last values (a rolling window over time). The default for B and D. */
  OWN_HISTORY,
  /**
   * The job's live trajectories at the same step (a cross-section). The alternative to benchmark.
   */
  ACROSS_TRAJECTORIES
}
