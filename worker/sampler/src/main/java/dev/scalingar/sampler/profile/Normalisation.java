package dev.scalingar.sampler.profile;

/**
 * The two rolling normalisations of the profile, shared by both references (time, cross-section).
 */
public final class Normalisation {

  private Normalisation() {}

  /**
   * rollnorm(x) = (x − min) / (max − min) over the reference values (which include x). When max −
   * min &lt; 1e-6 the reference is flat and rollnorm = 0 (docs/algorithm.md CHOICE), so a steady
   * trajectory scores B = 1 rather than an arbitrary value.
   */
  public static double rollnorm(double x, double min, double max) {
    double range = max - min;
    if (range < ProfileConfig.EPSILON) return 0;
    return clampUnit((x - min) / range);
  }

  /** D = sigmoid((x − mean) / (std + 1e-6)). */
  public static double sigmoidZ(double x, double mean, double variance) {
    double z = (x - mean) / (Math.sqrt(Math.max(variance, 0)) + ProfileConfig.EPSILON);
    return sigmoid(z);
  }

  public static double sigmoid(double z) {
    // the two branches keep exp's argument ≤ 0, so neither overflows
    if (z >= 0) return 1 / (1 + Math.exp(-z));
    double e = Math.exp(z);
    return e / (1 + e);
  }

  static double clampUnit(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
