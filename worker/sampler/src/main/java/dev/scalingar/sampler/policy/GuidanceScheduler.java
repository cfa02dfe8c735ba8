package dev.scalingar.sampler.policy;

import dev.scalingar.sampler.profile.RollingWindow;

/**
 * The CFG scale of one trajectory (docs/algorithm.md "Guidance scheduler"). After each step, {@link
 * #update} turns that step's D, I and R into the scale the trajectory's next step runs with: {@code
 * s = s_base + alpha·(1 − D) + beta·Var(I) − gamma·R}, clamped to {@code [minScale,
 * maxScaleFactor·s_base]}, then (optionally) smoothed and dead-banded.
 *
 * <p>Directions: a trajectory ignoring the prompt (low D) or wavering (high Var(I)) is guided
 * harder; one rebounding (high R) is left freer.
 */
public final class GuidanceScheduler {

  private final GuidanceConfig config;
  private final double baseScale;
  private final double low, high;
  private final RollingWindow intrinsic; // I, last varianceWindowRows·w values
  private double scale;

  public GuidanceScheduler(GuidanceConfig config, double baseScale, int width) {
    this.config = config;
    this.baseScale = baseScale;
    low = Math.min(config.minScale(), baseScale);
    high = config.maxScaleFactor() * baseScale;
    intrinsic = new RollingWindow(config.varianceWindowRows() * width);
    scale = baseScale;
  }

  /** The scale for the next step (s_base before the first update). */
  public double scale() {
    return scale;
  }

  /** Var(I) over the window, including the latest I. */
  public double intrinsicVariance() {
    return intrinsic.variance();
  }

  /** Takes this step's D, I, R and returns the scale of the next step. */
  public double update(double d, double i, double r) {
    intrinsic.add(i);
    double target =
        baseScale
            + config.alpha() * (1 - d)
            + config.beta() * intrinsic.variance()
            - config.gamma() * r;
    target = Math.max(low, Math.min(high, target));
    double next = scale + config.smoothing() * (target - scale);
    if (Math.abs(next - scale) >= config.deadBand()) scale = next;
    return scale;
  }

  public void copyFrom(GuidanceScheduler other) {
    intrinsic.copyFrom(other.intrinsic);
    scale = other.scale;
  }
}
