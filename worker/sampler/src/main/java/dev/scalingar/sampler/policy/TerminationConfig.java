package dev.scalingar.sampler.policy;

/**
 * The termination gate's knobs; {@link #paperDefaults()} are the paper's values.
 *
 * @param warmupFraction W0 as a share of L: no pruning during the first ceil(W0·L) steps (at least
 *     one). Paper: 0.125.
 * @param quantile p, theta's quantile of C over the live trajectories. Paper: 0.2. CHOICE: the
 *     linear-interpolation quantile (numpy's default, "type 7").
 * @param thresholdRate lth in {@code theta ← (1 − lth)·theta + lth·quantile_p(C)}. Paper: 0.2.
 * @param probationSteps steps a flagged trajectory gets to recover. Paper: 32.
 * @param reboundThreshold drec: recovery when R ≥ drec (or C ≥ theta). Paper: 0.05.
 * @param minSurvivors the gate never takes a job below this many live trajectories. Paper: 1.
 * @param hardFailFloor terminate at once (after warm-up) when C is below it. v1 only: off by
 *     default ({@code -Infinity}).
 * @param protectionHorizon steps after a recovery during which the trajectory is not flagged again.
 *     v1 only: off by default (0).
 */
public record TerminationConfig(
    double warmupFraction,
    double quantile,
    double thresholdRate,
    int probationSteps,
    double reboundThreshold,
    int minSurvivors,
    double hardFailFloor,
    int protectionHorizon) {

  public TerminationConfig {
    if (!(warmupFraction >= 0 && warmupFraction <= 1)) {
      throw new IllegalArgumentException(
          "termination.warmupFraction must be in [0,1], was " + warmupFraction);
    }
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("termination.quantile must be in [0,1], was " + quantile);
    }
    if (!(thresholdRate > 0 && thresholdRate <= 1)) {
      throw new IllegalArgumentException(
          "termination.thresholdRate must be in (0,1], was " + thresholdRate);
    }
    if (probationSteps < 1) {
      throw new IllegalArgumentException(
          "termination.probationSteps must be ≥ 1, was " + probationSteps);
    }
    if (!(reboundThreshold >= 0 && reboundThreshold < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "termination.reboundThreshold must be finite and ≥ 0, was " + reboundThreshold);
    }
    if (minSurvivors < 1) {
      throw new IllegalArgumentException(
          "termination.minSurvivors must be ≥ 1, was " + minSurvivors);
    }
    if (Double.isNaN(hardFailFloor) || hardFailFloor == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "termination.hardFailFloor must be finite or -Infinity (off), was " + hardFailFloor);
    }
    if (protectionHorizon < 0) {
      throw new IllegalArgumentException(
          "termination.protectionHorizon must be ≥ 0, was " + protectionHorizon);
    }
  }

  public static TerminationConfig paperDefaults() {
    return new TerminationConfig(0.125, 0.2, 0.2, 32, 0.05, 1, Double.NEGATIVE_INFINITY, 0);
  }

  /** ceil(W0·L), at least one step, so theta always has a C to start from. */
  public int warmupSteps(int length) {
    return Math.max(1, (int) Math.ceil(warmupFraction * length - 1e-9));
  }

  public TerminationConfig withWarmup(double fraction) {
    return new TerminationConfig(
        fraction,
        quantile,
        thresholdRate,
        probationSteps,
        reboundThreshold,
        minSurvivors,
        hardFailFloor,
        protectionHorizon);
  }

  public TerminationConfig withQuantile(double p) {
    return new TerminationConfig(
        warmupFraction,
        p,
        thresholdRate,
        probationSteps,
        reboundThreshold,
        minSurvivors,
        hardFailFloor,
        protectionHorizon);
  }

  public TerminationConfig withProbation(int steps, double rebound) {
    return new TerminationConfig(
        warmupFraction,
        quantile,
        thresholdRate,
        steps,
        rebound,
        minSurvivors,
        hardFailFloor,
        protectionHorizon);
  }

  public TerminationConfig withMinSurvivors(int n) {
    return new TerminationConfig(
        warmupFraction,
        quantile,
        thresholdRate,
        probationSteps,
        reboundThreshold,
        n,
        hardFailFloor,
        protectionHorizon);
  }

  public TerminationConfig withHardFailFloor(double floor) {
    return new TerminationConfig(
        warmupFraction,
        quantile,
        thresholdRate,
        probationSteps,
        reboundThreshold,
        minSurvivors,
        floor,
        protectionHorizon);
  }

  public TerminationConfig withProtectionHorizon(int steps) {
    return new TerminationConfig(
        warmupFraction,
        quantile,
        thresholdRate,
        probationSteps,
        reboundThreshold,
        minSurvivors,
        hardFailFloor,
        steps);
  }
}
