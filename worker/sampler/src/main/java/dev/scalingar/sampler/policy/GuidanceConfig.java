package dev.scalingar.sampler.policy;

/**
 * The guidance scheduler's knobs: {@code s = s_base + alpha·(1 − D) + beta·Var(I) − gamma·R}.
 *
 * @param alpha weight of low conditional utilisation (raises s). Paper: 0.3.
 * @param beta weight of the intrinsic score's variance (raises s). Paper: 0.4.
 * @param gamma weight of the rebound (lowers s; the paper's "diversity gain"). Paper: 0.4.
 * @param varianceWindowRows Var(I) over the trajectory's last {@code varianceWindowRows·w} values
 *     of I. CHOICE: 1 (the last w values).
 * @param minScale lower clamp. CHOICE: 1 (no guidance below the conditional model itself).
 * @param maxScaleFactor upper clamp as a multiple of s_base. CHOICE: 2.
 * @param smoothing weight of the new value in {@code s ← s_prev + smoothing·(s_new − s_prev)}. v1
 *     only: 1 = off.
 * @param deadBand changes smaller than this are ignored (s stays). v1 only: 0 = off.
 */
public record GuidanceConfig(
    double alpha,
    double beta,
    double gamma,
    int varianceWindowRows,
    double minScale,
    double maxScaleFactor,
    double smoothing,
    double deadBand) {

  public GuidanceConfig {
    nonNegative("alpha", alpha);
    nonNegative("beta", beta);
    nonNegative("gamma", gamma);
    if (varianceWindowRows < 1 || varianceWindowRows > 64) {
      throw new IllegalArgumentException(
          "guidance.varianceWindowRows must be in [1,64], was " + varianceWindowRows);
    }
    if (!(minScale >= 0 && minScale <= 100)) {
      throw new IllegalArgumentException("guidance.minScale must be in [0,100], was " + minScale);
    }
    if (!(maxScaleFactor >= 1 && maxScaleFactor <= 100)) {
      throw new IllegalArgumentException(
          "guidance.maxScaleFactor must be in [1,100], was " + maxScaleFactor);
    }
    if (!(smoothing > 0 && smoothing <= 1)) {
      throw new IllegalArgumentException("guidance.smoothing must be in (0,1], was " + smoothing);
    }
    nonNegative("deadBand", deadBand);
  }

  public static GuidanceConfig paperDefaults() {
    return new GuidanceConfig(0.3, 0.4, 0.4, 1, 1.0, 2.0, 1.0, 0.0);
  }

  public GuidanceConfig withJitterControl(double newSmoothing, double newDeadBand) {
    return new GuidanceConfig(
        alpha,
        beta,
        gamma,
        varianceWindowRows,
        minScale,
        maxScaleFactor,
        newSmoothing,
        newDeadBand);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0 && v < 1e6))
      throw new IllegalArgumentException("guidance." + name + " must be in [0,1e6), was " + v);
  }
}
