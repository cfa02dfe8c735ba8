package dev.scalingar.sampler.sampling;

/**
 * exp(x) for x ≤ 0, the only arguments a max-shifted softmax produces, over whole arrays, with a
 * relative error below 1e-12 where it matters (the test compares it with {@link Math#exp}).
 *
 * <p>Why not {@link Math#exp}: a trajectory-step needs three exponentials per vocabulary entry (pi,
 * pc and pu), 49,152 at V = 16,384. The library call is scalar (about 6–8 ns here); this loop is
 * plain multiply-add arithmetic that HotSpot's C2 compiles to SIMD, several times faster (README,
 * JMH). Being plain Java arithmetic (no fused multiply-add, which Java forbids implicitly) it gives
 * the same bits compiled or interpreted, on every JVM, which the determinism contract (same seed,
 * same tokens) likes.
 *
 * <p>Method: exp(x) = (exp(x / 1024))^1024. With x clamped to [−700, 0], y = x/1024 lies in
 * [−0.684, 0], where e^y is summed by its Taylor series to degree 11; ten squarings raise it to the
 * 1024th power, multiplying the relative error by 1024. Relative error: below 2e-13 for x ≥ −100,
 * below 1e-12 for x ≥ −250, below 1e-7 down to −700 (where e^x &lt; 1e-108: a weight beside a
 * maximum of 1 that no sum can see). No bit manipulation, so the loop vectorises. Below −700 the
 * result is e^−700 ≈ 1e-304 instead of a smaller number or 0; masked tokens are zeroed by the
 * caller.
 */
public final class FastExp {

  private static final double FLOOR = -700.0;
  private static final double SCALE = 1.0 / 1024;

  private FastExp() {}

  /**
   * {@code out[i] = exp(in[i])} for i in [0, n); in[i] ≤ 0 (or −∞). {@code in} and {@code out} may
   * be the same array.
   */
  public static void expNonPositive(double[] in, double[] out, int n) {
    for (int i = 0; i < n; i++) out[i] = exp(in[i]);
  }

  /**
   * {@code out[i] = exp((in[i] − shift)·factor)}: a softmax's weights, shift = max, factor = 1/T.
   */
  public static void expShifted(double[] in, double shift, double factor, double[] out, int n) {
    for (int i = 0; i < n; i++) out[i] = exp((in[i] - shift) * factor);
  }

  // small enough for C2 to inline into the loops above, which it then vectorises (double in,
  // double out: a float→double conversion inside the same loop was measured to defeat it)
  private static double exp(double x) {
    double y = Math.max(x, FLOOR) * SCALE;
    double p =
        1.0
            + y
                * (1.0
                    + y
                        * (1.0 / 2
                            + y
                                * (1.0 / 6
                                    + y
                                        * (1.0 / 24
                                            + y
                                                * (1.0 / 120
                                                    + y
                                                        * (1.0 / 720
                                                            + y
                                                                * (1.0 / 5040
                                                                    + y
                                                                        * (1.0 / 40320
                                                                            + y
                                                                                * (1.0 / 362880
                                                                                    + y
                                                                                        * (1.0
                                                                                                / 3628800
                                                                                            + y
                                                                                                * (1.0
                                                                                                    / 39916800)))))))))));
    p *= p; // ^2
    p *= p; // ^4
    p *= p; // ^8
    p *= p; // ^16
    p *= p; // ^32
    p *= p; // ^64
    p *= p; // ^128
    p *= p; // ^256
    p *= p; // ^512
    p *= p; // ^1024
    return p;
  }

  /** Scalar form of the same function, for single values. */
  public static double expNonPositive(double x) {
    return exp(x);
  }
}
