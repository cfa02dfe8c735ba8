package dev.scalingar.sampler.profile;

/** How the running minimum Cmin behind the rebound R is kept (docs/algorithm.md item 6). */
public enum MinimumReset {
  /**
   * CHOICE (default): Cmin restarts from C when the trajectory is flagged, so R measures the
   * rebound since the flag, not since the deepest dip in its whole history.
   */
  ON_FLAG,
  /** The literal reading: the minimum of C over all steps so far. */
  ALL_HISTORY
}
