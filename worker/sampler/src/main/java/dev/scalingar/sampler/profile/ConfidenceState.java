package dev.scalingar.sampler.profile;

/**
 * One trajectory's profile after one step: the signal columns of docs/algorithm.md's trace, in its
 * notation. {@code e} is NaN until a block counts (B is 1 then); every other value is finite.
 *
 * @param hn normalised entropy Hn of the guided distribution, [0,1]
 * @param m top-1 minus top-2 probability, [0,1]
 * @param u uncertainty aH·Hn + aM·(1 − m), [0,1]
 * @param stok smoothed token confidence, [0,1]
 * @param e mean Hn of the worst q of the counted blocks, [0,1] or NaN
 * @param b worst-block stability B = 1 − rollnorm(e), [0,1]
 * @param i intrinsic score I, [0,1]
 * @param k K = KL(pc‖pu), ≥ 0
 * @param d conditional utilisation D = sigmoid(z), [0,1]
 * @param c unified confidence C, [0,1]: the paper's blend, or the calibration's probability that
 *     this trajectory's image will be judged correct when the profile has a calibration
 * @param s surprisal −log π(token) of the token sampled this step, ≥ 0
 * @param cPaper the paper's uncalibrated C (equal to {@code c} without a calibration)
 * @param cmin running minimum of C
 * @param r rebound R = (C − Cmin) / (|Cmin| + 1e-6), ≥ 0
 */
public record ConfidenceState(
    double hn,
    double m,
    double u,
    double stok,
    double e,
    double b,
    double i,
    double k,
    double d,
    double c,
    double cmin,
    double r,
    double s,
    double cPaper) {

  /** The same state after the running minimum restarted at C (CHOICE on flag): R = 0. */
  ConfidenceState withMinimumAtC() {
    return new ConfidenceState(hn, m, u, stok, e, b, i, k, d, c, c, 0, s, cPaper);
  }
}
