package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.StateCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Sequential importance resampling (docs/algorithm.md "Baselines", IS): weights ∝ exp(λ·reward)
 * over the live trajectories, M = live count draws with replacement (multinomial, one {@code
 * nextDouble()} each from the job's stream).
 *
 * <p>Slots are reused to keep copies few: a trajectory drawn at least once keeps its own state in
 * its own slot; each extra draw of it is copied into a slot whose trajectory was not drawn (lowest
 * indices first on both sides), so no slot is both a source and a destination.
 */
final class ImportanceResampler {

  private ImportanceResampler() {}

  /**
   * @param live live trajectory indices, ascending
   * @param rewards reward of each, same order
   */
  static List<StateCopy> resample(
      int[] live, double[] rewards, double lambda, RandomGenerator random) {
    int m = live.length;
    double max = Double.NEGATIVE_INFINITY;
    for (double r : rewards) max = Math.max(max, r);
    double[] cumulative = new double[m];
    double total = 0;
    for (int j = 0; j < m; j++) {
      // shifted by the maximum so exp never overflows; a non-finite reward weighs nothing
      double w = Double.isFinite(rewards[j]) ? Math.exp(lambda * (rewards[j] - max)) : 0;
      total += w;
      cumulative[j] = total;
    }
    if (!(total > 0)) return List.of(); // every reward non-finite: keep everyone
    int[] draws = new int[m];
    for (int d = 0; d < m; d++) {
      double target = random.nextDouble() * total;
      int j = 0;
      while (j < m - 1 && cumulative[j] <= target) j++;
      draws[j]++;
    }
    List<StateCopy> copies = new ArrayList<>();
    int free = 0;
    for (int j = 0; j < m; j++) {
      for (int extra = 1; extra < draws[j]; extra++) {
        while (draws[free] != 0) free++;
        copies.add(new StateCopy(live[j], live[free]));
        free++;
      }
    }
    return copies;
  }
}
