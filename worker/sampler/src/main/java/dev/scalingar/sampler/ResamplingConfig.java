package dev.scalingar.sampler;

import java.util.Arrays;

/**
 * Importance sampling (docs/algorithm.md "Baselines"): sequential importance resampling of the live
 * trajectories at a few checkpoints, weights ∝ exp(λ·reward).
 *
 * @param checkpoints fractions of L after which to resample, strictly increasing in (0, 1). CHOICE:
 *     0.25, 0.5, 0.75 (the paper follows TTS-VAR's protocol without printing it).
 * @param lambda λ, the inverse temperature of the weights. CHOICE: 1.0.
 */
public record ResamplingConfig(double[] checkpoints, double lambda) {

  public ResamplingConfig {
    checkpoints = checkpoints.clone();
    for (int i = 0; i < checkpoints.length; i++) {
      double f = checkpoints[i];
      if (!(f > 0 && f < 1)) {
        throw new IllegalArgumentException(
            "resampling.checkpoints[" + i + "] must be in (0,1), was " + f);
      }
      if (i > 0 && !(f > checkpoints[i - 1])) {
        throw new IllegalArgumentException(
            "resampling.checkpoints must be strictly increasing, was "
                + Arrays.toString(checkpoints));
      }
    }
    if (!(lambda >= 0 && lambda < 1e6)) {
      throw new IllegalArgumentException("resampling.lambda must be in [0,1e6), was " + lambda);
    }
  }

  public static ResamplingConfig defaults() {
    return new ResamplingConfig(new double[] {0.25, 0.5, 0.75}, 1.0);
  }

  @Override
  public double[] checkpoints() {
    return checkpoints.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResamplingConfig other
        && Arrays.equals(checkpoints, other.checkpoints)
        && Double.compare(lambda, other.lambda) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(checkpoints) + Double.hashCode(lambda);
  }

  @Override
  public String toString() {
    return "ResamplingConfig[checkpoints="
        + Arrays.toString(checkpoints)
        + ", lambda="
        + lambda
        + "]";
  }
}
