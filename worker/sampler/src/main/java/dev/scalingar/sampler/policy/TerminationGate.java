package dev.scalingar.sampler.policy;

import java.util.Arrays;

/**
 * Adaptive termination for one job (docs/algorithm.md "Policy level"), called once per step with
 * the live trajectories' C and R. Steps are numbered from 0; step t is the (t+1)-th token.
 *
 * <ul>
 *   <li>warm-up: steps 0 … W0−1 prune nothing; at step W0−1 theta = quantile_p(C);
 *   <li>every later step: {@code theta ← (1 − lth)·theta + lth·quantile_p(C)}, then
 *   <li>a flagged trajectory recovers when R ≥ drec or C ≥ theta, checked from the step after its
 *       flag; if it has not recovered at step flag + probation it is terminated there, so it runs
 *       exactly {@code probation} steps beyond the step that flagged it;
 *   <li>an unflagged trajectory with C &lt; theta is flagged;
 *   <li>terminations go lowest C first and stop at {@code minSurvivors}; one held back stays on
 *       (expired) probation and is terminated as soon as that is allowed, unless it recovers.
 * </ul>
 */
public final class TerminationGate {

  private final TerminationConfig config;
  private final int warmupSteps;
  private final int[] flaggedAt; // [trajectory] step of the open flag, -1 when none
  private final int[] protectedUntil; // [trajectory] last step of the protection horizon
  private final double[] scratch; // [trajectory]
  private final int[] candidates; // [trajectory]
  private double theta = Double.NaN;

  public TerminationGate(TerminationConfig config, int length, int trajectories) {
    this.config = config;
    warmupSteps = config.warmupSteps(length);
    flaggedAt = new int[trajectories];
    protectedUntil = new int[trajectories];
    Arrays.fill(flaggedAt, -1);
    Arrays.fill(protectedUntil, -1);
    scratch = new double[trajectories];
    candidates = new int[trajectories];
  }

  public int warmupSteps() {
    return warmupSteps;
  }

  /** theta; NaN until the end of warm-up. */
  public double threshold() {
    return theta;
  }

  public boolean isFlagged(int trajectory) {
    return flaggedAt[trajectory] >= 0;
  }

  /**
   * Decides this step's events.
   *
   * @param step the step just sampled (0-based)
   * @param live the live trajectories, {@code live[0..liveCount)}
   * @param confidence C, indexed by trajectory
   * @param rebound R, indexed by trajectory
   * @param out the decision, indexed by trajectory (written for live ones only)
   */
  public void decide(
      int step,
      int[] live,
      int liveCount,
      double[] confidence,
      double[] rebound,
      GateDecision[] out) {
    for (int j = 0; j < liveCount; j++) out[live[j]] = GateDecision.NONE;
    if (step < warmupSteps - 1) return;
    for (int j = 0; j < liveCount; j++) scratch[j] = confidence[live[j]];
    double q = Quantile.of(scratch, liveCount, config.quantile());
    if (step == warmupSteps - 1) {
      theta = q; // end of warm-up: theta starts at the quantile, nothing is pruned yet
      return;
    }
    // (1 − lth)·theta + lth·q, written so that q = theta leaves theta bit-identical
    theta += config.thresholdRate() * (q - theta);

    int candidateCount = 0;
    for (int j = 0; j < liveCount; j++) {
      int n = live[j];
      double c = confidence[n];
      if (c < config.hardFailFloor()) {
        candidates[candidateCount++] = n;
      } else if (flaggedAt[n] >= 0) {
        if (rebound[n] >= config.reboundThreshold() || c >= theta) {
          out[n] = GateDecision.RECOVERED;
          flaggedAt[n] = -1;
          protectedUntil[n] = step + config.protectionHorizon();
        } else if (step - flaggedAt[n] >= config.probationSteps()) {
          candidates[candidateCount++] = n;
        }
      } else if (step > protectedUntil[n] && c < theta) {
        out[n] = GateDecision.FLAGGED;
        flaggedAt[n] = step;
      }
    }
    terminate(candidates, candidateCount, liveCount, confidence, out);
  }

  private void terminate(
      int[] chosen, int count, int liveCount, double[] confidence, GateDecision[] out) {
    // lowest C first (insertion sort: a handful of trajectories); among equals the higher index
    // first
    for (int a = 1; a < count; a++) {
      int n = chosen[a];
      int b = a - 1;
      while (b >= 0 && isBefore(n, chosen[b], confidence)) {
        chosen[b + 1] = chosen[b];
        b--;
      }
      chosen[b + 1] = n;
    }
    int survivors = liveCount;
    for (int a = 0; a < count && survivors > config.minSurvivors(); a++) {
      out[chosen[a]] = GateDecision.TERMINATED;
      flaggedAt[chosen[a]] = -1;
      survivors--;
    }
  }

  private static boolean isBefore(int n, int other, double[] confidence) {
    return confidence[n] < confidence[other] || (confidence[n] == confidence[other] && n > other);
  }
}
