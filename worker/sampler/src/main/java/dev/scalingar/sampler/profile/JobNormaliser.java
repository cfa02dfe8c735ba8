package dev.scalingar.sampler.profile;

import static dev.scalingar.sampler.profile.CrossSection.column;

import java.util.function.IntFunction;

/**
 * B and D of a set of trajectories of one job at one step, each against its configured reference:
 * the trajectory's own history ({@link ConfidenceProfile#ownStability}, {@link
 * ConfidenceProfile#ownUtilisation}) or the cross-section of the set ({@link CrossSection}). The
 * one place the choice of reference is read.
 */
public final class JobNormaliser {

  private final boolean acrossB, acrossD;
  private double[] e = new double[0], k = new double[0]; // [count], read only when across

  public JobNormaliser(ProfileConfig config) {
    acrossB = config.block().reference() == Reference.ACROSS_TRAJECTORIES;
    acrossD = config.conditional().reference() == Reference.ACROSS_TRAJECTORIES;
  }

  /**
   * B and D of the profiles {@code members[0..count)} into {@code b[0..count)}, {@code
   * d[0..count)}.
   */
  public void normalise(
      IntFunction<ConfidenceProfile> profiles, int[] members, int count, double[] b, double[] d) {
    if (e.length < count) {
      e = new double[count];
      k = new double[count];
    }
    if (acrossB) {
      CrossSection.stability(
          column(profiles, members, count, ConfidenceProfile::worstBlockEntropy, e), count, b);
    } else {
      column(profiles, members, count, ConfidenceProfile::ownStability, b);
    }
    if (acrossD) {
      CrossSection.utilisation(
          column(profiles, members, count, ConfidenceProfile::conditionalDivergence, k), count, d);
    } else {
      column(profiles, members, count, ConfidenceProfile::ownUtilisation, d);
    }
  }
}
