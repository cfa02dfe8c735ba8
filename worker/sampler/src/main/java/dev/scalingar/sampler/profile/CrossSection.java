package dev.scalingar.sampler.profile;

import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * The alternative references of docs/algorithm.md: B and D of each live trajectory normalised
 * against the job's live trajectories at the same step instead of against its own past.
 */
public final class CrossSection {

  private CrossSection() {}

  /**
   * One signal of this step across the profiles {@code members[0..count)}, into {@code
   * out[0..count)}: what the job's {@link StepStatistics} and the references of B and D both read
   * from the live set, read in this one place.
   */
  static double[] column(
      IntFunction<ConfidenceProfile> profiles,
      int[] members,
      int count,
      ToDoubleFunction<ConfidenceProfile> signal,
      double[] out) {
    for (int j = 0; j < count; j++) out[j] = signal.applyAsDouble(profiles.apply(members[j]));
    return out;
  }

  /**
   * B_n = 1 − rollnorm(e_n) over the e of the live trajectories whose blocks count. A trajectory
   * whose e is NaN (no block counts yet) gets B = 1, as in the own-history reading.
   */
  public static void stability(double[] e, int count, double[] out) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (int n = 0; n < count; n++) {
      if (Double.isNaN(e[n])) continue;
      min = Math.min(min, e[n]);
      max = Math.max(max, e[n]);
    }
    for (int n = 0; n < count; n++) {
      out[n] = Double.isNaN(e[n]) ? 1 : 1 - Normalisation.rollnorm(e[n], min, max);
    }
  }

  /**
   * D_n = sigmoid of the z-score of K_n across the live trajectories: a trajectory that listens to
   * the prompt less than its siblings gets a low D. A lone trajectory gets z = 0, D = 0.5.
   */
  public static void utilisation(double[] k, int count, double[] out) {
    double mean = 0;
    for (int n = 0; n < count; n++) mean += k[n];
    mean /= count;
    double variance = 0;
    for (int n = 0; n < count; n++) variance += (k[n] - mean) * (k[n] - mean);
    variance /= count;
    for (int n = 0; n < count; n++) out[n] = Normalisation.sigmoidZ(k[n], mean, variance);
  }
}
