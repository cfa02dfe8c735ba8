package dev.scalingar.sampler.profile;

import static dev.scalingar.sampler.profile.CrossSection.column;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * What the job's live trajectories measured at one step, which position-relative features and
 * decision tokens compare each trajectory with. All of a job's trajectories sample the same raster
 * position at a step, so these are per-position baselines.
 *
 * @param hn mean Hn
 * @param margin mean m
 * @param surprisal mean s = −log π(token)
 * @param k mean K
 * @param kVariance population variance of K (for K's z-score across trajectories)
 * @param medianHn median Hn (the decision-token cut)
 */
public record StepStatistics(
    double hn, double margin, double surprisal, double k, double kVariance, double medianHn) {

  /**
   * The statistics of the first {@code count} entries of each array (the live trajectories, in any
   * order). A lone trajectory is its own baseline: every relative value is 0 and every one of its
   * tokens is a decision token.
   */
  public static StepStatistics of(
      double[] hn, double[] margin, double[] surprisal, double[] k, int count) {
    if (count < 1)
      throw new IllegalArgumentException("step statistics need at least one trajectory");
    double mh = mean(hn, count),
        mm = mean(margin, count),
        ms = mean(surprisal, count),
        mk = mean(k, count);
    double vk = 0;
    for (int n = 0; n < count; n++) vk += (k[n] - mk) * (k[n] - mk);
    double[] sorted = Arrays.copyOf(hn, count);
    Arrays.sort(sorted);
    double median =
        count % 2 == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
    return new StepStatistics(mh, mm, ms, mk, vk / count, median);
  }

  /**
   * The statistics of the profiles {@code live[0..count)} after this step's observe, handed to each
   * of them ({@link ConfidenceProfile#relate}); the session and the benchmark's replay both step
   * through this one method.
   */
  public static StepStatistics relate(
      IntFunction<ConfidenceProfile> profiles, int[] live, int count) {
    StepStatistics stats = of(profiles, live, count);
    for (int j = 0; j < count; j++) profiles.apply(live[j]).relate(stats);
    return stats;
  }

  /**
   * The statistics of the profiles {@code live[0..count)} after this step's observe, handed to none
   * of them: for a trajectory outside the set ({@link ShadowConclusion}).
   */
  static StepStatistics of(IntFunction<ConfidenceProfile> profiles, int[] live, int count) {
    return of(
        column(profiles, live, count, ConfidenceProfile::normalisedEntropy, new double[count]),
        column(profiles, live, count, ConfidenceProfile::margin, new double[count]),
        column(profiles, live, count, ConfidenceProfile::surprisal, new double[count]),
        column(profiles, live, count, ConfidenceProfile::conditionalDivergence, new double[count]),
        count);
  }

  private static double mean(double[] v, int count) {
    double sum = 0;
    for (int n = 0; n < count; n++) sum += v[n];
    return sum / count;
  }
}
