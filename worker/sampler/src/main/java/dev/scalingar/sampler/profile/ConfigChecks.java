package dev.scalingar.sampler.profile;

/**
 * The range checks of the profile's config records. Messages name the flat key a user types ({@code
 * profile.blockSize}, as in the bench's {@code --config}), not the record it lives in.
 */
final class ConfigChecks {

  private ConfigChecks() {}

  static void unit(String name, double v) {
    if (!(v >= 0 && v <= 1))
      throw new IllegalArgumentException("profile." + name + " must be in [0,1], was " + v);
  }

  static void rate(String name, double v) {
    if (!(v > 0 && v <= 1))
      throw new IllegalArgumentException("profile." + name + " must be in (0,1], was " + v);
  }

  static void window(String name, int v) {
    if (v < 1 || v > 64)
      throw new IllegalArgumentException("profile." + name + " must be in [1,64], was " + v);
  }

  /** Two blend weights in [0,1] whose sum is 1, so the blend stays in [0,1]. */
  static void blend(String first, double a, String second, double b) {
    unit(first, a);
    unit(second, b);
    if (Math.abs(a + b - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "profile." + first + " + " + second + " must be 1, was " + (a + b));
    }
  }
}
