package dev.scalingar.sampler.bench;

import java.util.SplittableRandom;

/**
 * A pool of pre-drawn logit rows the benchmarks feed the sampler: unconditional logits Gaussian (σ
 * = 3), conditional ones that plus a Gaussian difference (σ = 1), so memory traffic resembles a
 * real step's. Row {@code i} of each is one trajectory's half.
 */
final class GaussianLogits {

  final float[][] cond;
  final float[][] uncond;

  GaussianLogits(int rows, int vocabulary, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    cond = new float[rows][vocabulary];
    uncond = new float[rows][vocabulary];
    for (int p = 0; p < rows; p++) {
      for (int v = 0; v < vocabulary; v++) {
        uncond[p][v] = (float) (3 * random.nextGaussian());
        cond[p][v] = uncond[p][v] + (float) random.nextGaussian();
      }
    }
  }
}
