package dev.scalingar.sampler.profile;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A logistic model that maps a trajectory's features at step t to P(its image will be judged
 * correct): {@code C = sigmoid(intercept + Σ_i coefficient_i · (x_i − center_i) / scale_i)}. Fitted
 * on the dev set by {@code ./scalingar calibrate} and shipped beside the weights it was fitted for;
 * with one present, C is this probability instead of the paper's blend. The paper's v1
 * affine-sigmoid calibration {@code sigmoid(a·C + b)} is the one-feature case ({@link #affine}).
 *
 * @param id names the calibration in traces (e.g. {@code shapes-v1-cal-1})
 * @param weightsSha256 the SHA-256 of the weights' tensor data it was fitted for; empty for the
 *     model-independent affine case
 * @param features what it reads, in the order of the other lists
 * @param center subtracted from each feature (the dev-set mean)
 * @param scale each centred feature is divided by it (the dev-set standard deviation), &gt; 0
 * @param jobRelative read every feature relative to the job: minus its mean over the job's live
 *     trajectories at the same step, before {@code center}. A job's trajectories are then compared
 *     with each other only: C no longer swings with what every trajectory sees at a raster position
 *     (the row-periodic swing that made flagged trajectories "rebound"), nor with how hard the
 *     prompt is, which no gate can act on. A lone trajectory reads all zeros: C =
 *     sigmoid(intercept).
 */
public record Calibration(
    String id,
    String weightsSha256,
    List<Feature> features,
    List<Double> center,
    List<Double> scale,
    List<Double> coefficients,
    double intercept,
    boolean jobRelative) {

  public Calibration {
    Objects.requireNonNull(id, "calibration.id");
    Objects.requireNonNull(weightsSha256, "calibration.weightsSha256");
    features = List.copyOf(features);
    center = List.copyOf(center);
    scale = List.copyOf(scale);
    coefficients = List.copyOf(coefficients);
    int n = features.size();
    if (n == 0 || center.size() != n || scale.size() != n || coefficients.size() != n) {
      throw new IllegalArgumentException(
          "calibration "
              + id
              + ": features, center, scale and coefficients must be"
              + " non-empty and of one length, were "
              + n
              + ", "
              + center.size()
              + ", "
              + scale.size()
              + ", "
              + coefficients.size());
    }
    if (features.stream().distinct().count() != n) {
      throw new IllegalArgumentException(
          "calibration " + id + ": a feature appears twice in " + features);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(center.get(i))
          || !(scale.get(i) > 0)
          || !Double.isFinite(scale.get(i))
          || !Double.isFinite(coefficients.get(i))) {
        throw new IllegalArgumentException(
            "calibration "
                + id
                + ": "
                + features.get(i).key()
                + " needs a finite center and coefficient and a finite scale > 0");
      }
    }
    if (!Double.isFinite(intercept))
      throw new IllegalArgumentException("calibration " + id + ": intercept must be finite");
  }

  /** v1's {@code C ← sigmoid(a·C + b)} over the paper's C. */
  public static Calibration affine(double slope, double offset) {
    return new Calibration(
        "affine",
        "",
        List.of(Feature.PAPER_C),
        List.of(0.0),
        List.of(1.0),
        List.of(slope),
        offset,
        false);
  }

  /**
   * Sets the calibrated C of the profiles {@code live[0..count)} after their {@link
   * ConfidenceProfile#conclude} of this step. The session and the benchmark's replays all call this
   * one method after every conclude; a calibration that is not job-relative was already applied
   * there (no-op).
   */
  public void apply(IntFunction<ConfidenceProfile> profiles, int[] live, int count) {
    if (!jobRelative) return;
    double[][] x = new double[count][];
    for (int j = 0; j < count; j++) x[j] = profiles.apply(live[j]).calibrationInput();
    double[] offsets = offsets(x, count);
    for (int j = 0; j < count; j++) profiles.apply(live[j]).calibrate(this, x[j], offsets);
  }

  /**
   * The job's offsets at this step: each feature's mean over the profiles {@code live[0..count)},
   * after their conclude. What {@link #apply} subtracts; a trajectory outside the live set (a
   * shadow, {@link ShadowConclusion}) is read against the same offsets.
   */
  double[] offsets(IntFunction<ConfidenceProfile> profiles, int[] live, int count) {
    double[][] x = new double[count][];
    for (int j = 0; j < count; j++) x[j] = profiles.apply(live[j]).calibrationInput();
    return offsets(x, count);
  }

  private double[] offsets(double[][] x, int count) {
    double[] offsets = new double[features.size()];
    for (int j = 0; j < count; j++)
      for (int i = 0; i < offsets.length; i++) offsets[i] += x[j][i] / count;
    return offsets;
  }

  /** The logit for feature values in {@link #features()} order, less the job's {@code offsets}. */
  public double logit(double[] x, double[] offsets) {
    double z = intercept;
    for (int i = 0; i < x.length; i++) {
      z += coefficients.get(i) * (x[i] - offsets[i] - center.get(i)) / scale.get(i);
    }
    return z;
  }

  public double probability(double[] x, double[] offsets) {
    return Normalisation.sigmoid(logit(x, offsets));
  }
}
