package dev.scalingar.sampler.policy;

import java.util.Arrays;

/** The p-quantile by linear interpolation between order statistics (numpy's default, "type 7"). */
public final class Quantile {

  private Quantile() {}

  /** Sorts {@code values[0..count)} in place and returns its p-quantile. */
  public static double of(double[] values, int count, double p) {
    if (count < 1) throw new IllegalArgumentException("quantile of no values");
    Arrays.sort(values, 0, count);
    double h = (count - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, count - 1);
    return values[lo] + (h - lo) * (values[hi] - values[lo]);
  }
}
