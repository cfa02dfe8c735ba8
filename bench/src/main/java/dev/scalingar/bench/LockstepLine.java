package dev.scalingar.bench;

import dev.scalingar.model.ModelBenchmark;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The decode cost line fitted to a bench-fleet run's own lockstep steps, {@code ms = fixedMs +
 * trajectories × (perTrajectoryMs + perPositionMs × length)} with length = prefix + position + 1,
 * the form {@code ./scalingar model-bench} fits to its timed calls. Fitted on the steps of the run
 * it is to predict, it shares their minutes: this machine's speed drifts by tens of percent between
 * a {@code model-bench} run and the bench-fleet run beside it, which a line fitted apart carries
 * into {@code simulate-fleet}'s validation as an error of its own. The coefficients are clamped as
 * model-bench clamps them (non-negative; per position above zero).
 *
 * @param prefix the model's prompt prefix, in the length
 * @param rSquared the fit's R²
 * @param steps how many lockstep steps it was fitted to
 */
public record LockstepLine(
    double fixedMs,
    double perTrajectoryMs,
    double perPositionMs,
    int prefix,
    double rSquared,
    int steps) {

  /** Fewer steps than this, or all at one size and position, cannot fit three coefficients. */
  static final int MIN_STEPS = 8;

  /** The line of these steps; empty when they cannot determine it. */
  static Optional<LockstepLine> fit(List<CostMeter.LockstepStep> steps, int prefix) {
    long sizes = steps.stream().mapToInt(CostMeter.LockstepStep::trajectories).distinct().count();
    long positions = steps.stream().mapToInt(CostMeter.LockstepStep::position).distinct().count();
    if (steps.size() < MIN_STEPS || sizes < 2 || positions < 2) {
      return Optional.empty();
    }
    double[] b;
    try {
      b =
          ModelBenchmark.leastSquares(
              steps.stream()
                  .map(
                      s ->
                          new double[] {
                            s.trajectories(),
                            (double) s.trajectories() * (prefix + s.position() + 1),
                            s.ms()
                          })
                  .toList());
    } catch (RuntimeException singular) { // collinear samples: no line
      return Optional.empty();
    }
    return Optional.of(
        new LockstepLine(
            Math.max(0, b[0]),
            Math.max(0, b[1]),
            Math.max(b[2], 1e-9),
            prefix,
            b[3],
            steps.size()));
  }

  /**
   * As {@code simulate-fleet --cpu-line} and model-bench print it: {@code fixed,perTraj,perPos}.
   */
  public String spec() {
    return String.format(Locale.ROOT, "%.6g,%.6g,%.6g", fixedMs, perTrajectoryMs, perPositionMs);
  }
}
