package dev.scalingar.sampler;

import java.util.List;

/**
 * The end of a job: the selected trajectory, its full token grid (the one image to decode) and the
 * accounting.
 *
 * @param selectedTrajectory highest final C (ScalingAR) or highest reward (best-of-N, IS) among the
 *     trajectories that reached step L
 * @param tokens its L tokens, raster order
 * @param selectedConfidence its final C
 * @param selectedReward its reward
 * @param trajectories every trajectory started, ascending
 */
public record JobOutcome(
    int selectedTrajectory,
    int[] tokens,
    double selectedConfidence,
    double selectedReward,
    Accounting accounting,
    List<TrajectorySummary> trajectories) {

  public JobOutcome {
    tokens = tokens.clone();
    trajectories = List.copyOf(trajectories);
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }
}
