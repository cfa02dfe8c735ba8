package dev.scalingar.bench;

/**
 * The report's arithmetic: intervals for accuracies and the paired test between two strategies run
 * on the same prompts and seeds.
 */
public final class Stats {

  /** z of a two-sided 95% interval. */
  static final double Z95 = 1.959963984540054;

  private Stats() {}

  /** A closed interval. */
  public record Interval(double low, double high) {}

  /**
   * Wilson score interval of {@code correct / total} at 95%: unlike the normal interval it stays in
   * [0,1] and is sensible at 0 and at {@code total}.
   */
  public static Interval wilson(int correct, int total) {
    if (total <= 0) return new Interval(0, 1);
    double p = (double) correct / total;
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2.0 * total)) / (1 + z2 / total);
    double half =
        Z95 / (1 + z2 / total) * Math.sqrt(p * (1 - p) / total + z2 / (4.0 * total * total));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * 95% interval of GenEval's "overall": the unweighted mean of T task accuracies, whose variance
   * is {@code Σ p_t(1 − p_t)/n_t / T²} (tasks are independent samples); normal approximation,
   * clamped to [0,1].
   */
  public static Interval meanOfTasks(int[] correct, int[] total) {
    int tasks = 0;
    double mean = 0, variance = 0;
    for (int t = 0; t < correct.length; t++) {
      if (total[t] == 0) continue;
      double p = (double) correct[t] / total[t];
      mean += p;
      variance += p * (1 - p) / total[t];
      tasks++;
    }
    if (tasks == 0) return new Interval(0, 1);
    mean /= tasks;
    double half = Z95 * Math.sqrt(variance) / tasks;
    return new Interval(Math.max(0, mean - half), Math.min(1, mean + half));
  }

  /**
   * The paired comparison of two strategies on the same prompts: {@code onlyA} prompts only A got
   * right, {@code onlyB} only B; exact two-sided McNemar p (binomial on the discordant pairs).
   */
  public record Paired(
      int prompts,
      int onlyA,
      int onlyB,
      double difference,
      Interval differenceInterval,
      double pValue) {}

  /** McNemar on per-prompt verdicts of A and B (same length, same prompts in the same order). */
  public static Paired mcnemar(boolean[] a, boolean[] b) {
    if (a.length != b.length)
      throw new IllegalArgumentException(
          "paired verdicts differ in length: " + a.length + " vs " + b.length);
    int n = a.length, onlyA = 0, onlyB = 0;
    for (int i = 0; i < n; i++) {
      if (a[i] && !b[i]) onlyA++;
      if (b[i] && !a[i]) onlyB++;
    }
    double diff = n == 0 ? 0 : (double) (onlyA - onlyB) / n;
    // variance of the mean paired difference d_i ∈ {−1, 0, 1}
    double half =
        n <= 1 ? 1 : Z95 * Math.sqrt(((onlyA + onlyB) / (double) n - diff * diff) / (n - 1));
    return new Paired(
        n, onlyA, onlyB, diff, new Interval(diff - half, diff + half), exactMcNemar(onlyA, onlyB));
  }

  /** Two-sided exact p of k = min(b, c) successes in b + c fair coin flips. */
  static double exactMcNemar(int b, int c) {
    int m = b + c;
    if (m == 0) return 1;
    int k = Math.min(b, c);
    // P(X ≤ k), X ~ Binomial(m, 1/2), summed in log space to stay finite for large m
    double tail = 0;
    double logHalfPowM = m * Math.log(0.5);
    double logChoose = 0; // ln C(m, 0)
    for (int i = 0; i <= k; i++) {
      if (i > 0) logChoose += Math.log(m - i + 1) - Math.log(i);
      tail += Math.exp(logChoose + logHalfPowM);
    }
    return Math.min(1, 2 * tail);
  }
}
