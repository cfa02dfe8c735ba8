package dev.scalingar.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Within-job AUC: over the (right, wrong) pairs of images of the same job, the share a score orders
 * right above wrong (ties count half); 0.5 = the score says nothing about which of a job's images
 * are right. Pairs are pooled over jobs, so a job with more mixed outcomes weighs more. The 95 %
 * interval is a percentile bootstrap that resamples jobs (the unit that was sampled), with a fixed
 * seed so a report is reproducible.
 */
final class WithinJobAuc {

  /** One job's contribution: pairs ordered right (ties half) and pairs in all. */
  record Tally(double wins, int pairs) {
    static final Tally NONE = new Tally(0, 0);
  }

  /** An AUC with its bootstrap interval; NaN when no job has both right and wrong images. */
  record Estimate(double auc, double low, double high, int pairs, int jobs) {}

  private WithinJobAuc() {}

  static Tally tally(double[] score, boolean[] correct) {
    double wins = 0;
    int pairs = 0;
    for (int a = 0; a < score.length; a++) {
      if (!correct[a]) continue;
      for (int b = 0; b < score.length; b++) {
        if (correct[b]) continue;
        pairs++;
        wins += score[a] > score[b] ? 1 : score[a] == score[b] ? 0.5 : 0;
      }
    }
    return new Tally(wins, pairs);
  }

  static double pooled(List<Tally> jobs) {
    double wins = 0;
    long pairs = 0;
    for (Tally t : jobs) {
      wins += t.wins();
      pairs += t.pairs();
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }

  static Estimate estimate(List<Tally> jobs, int resamples, long seed) {
    double auc = pooled(jobs);
    int pairs = jobs.stream().mapToInt(Tally::pairs).sum();
    if (Double.isNaN(auc) || resamples == 0)
      return new Estimate(auc, Double.NaN, Double.NaN, pairs, jobs.size());
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[resamples];
    int m = jobs.size();
    int kept = 0;
    for (int r = 0; r < resamples; r++) {
      double wins = 0;
      long p = 0;
      for (int i = 0; i < m; i++) {
        Tally t = jobs.get(random.nextInt(m));
        wins += t.wins();
        p += t.pairs();
      }
      if (p > 0) draws[kept++] = wins / p;
    }
    java.util.Arrays.sort(draws, 0, kept);
    return new Estimate(
        auc, percentile(draws, kept, 0.025), percentile(draws, kept, 0.975), pairs, m);
  }

  /** The q-quantile of sorted[0..count) by linear interpolation. */
  static double percentile(double[] sorted, int count, double q) {
    if (count == 0) return Double.NaN;
    double pos = q * (count - 1);
    int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
