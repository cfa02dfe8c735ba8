package dev.scalingar.sampler.profile;

import java.util.Objects;

/**
 * The unified confidence C and what is read from it: its running minimum Cmin behind the rebound R,
 * and the calibration that may replace the paper's blend (docs/algorithm.md, "Unified confidence").
 *
 * @param intrinsicWeight wI in {@code C = wI·I + wD·D}. Paper: 0.75.
 * @param conditionalWeight wD. Paper: 0.25. wI + wD must be 1.
 * @param calibration when present, C is its probability over the trajectory's features instead of
 *     the paper's blend ({@code null}: the paper's C). v1's {@code sigmoid(a·C + b)} is {@link
 *     Calibration#affine}. Default: none; the worker serves the model's shipped calibration.
 * @param featureRate the rate of the EMA features ({@link Feature#SURPRISAL_REL_EMA}). CHOICE:
 *     0.05, a memory of ~20 steps, a bit more than a grid row of 16.
 * @param minimumReset how Cmin is kept. CHOICE: {@link MinimumReset#ON_FLAG}.
 */
public record UnifiedConfig(
    double intrinsicWeight,
    double conditionalWeight,
    Calibration calibration,
    double featureRate,
    MinimumReset minimumReset)
    implements SignalConfig {

  public UnifiedConfig {
    ConfigChecks.blend("intrinsicWeight", intrinsicWeight, "conditionalWeight", conditionalWeight);
    ConfigChecks.rate("featureRate", featureRate);
    Objects.requireNonNull(minimumReset, "profile.minimumReset");
  }

  static UnifiedConfig paperDefaults() {
    return new UnifiedConfig(0.75, 0.25, null, 0.05, MinimumReset.ON_FLAG);
  }

  /** wI, with wD = 1 − wI. */
  public UnifiedConfig withIntrinsicWeight(double wI) {
    return new UnifiedConfig(wI, 1 - wI, calibration, featureRate, minimumReset);
  }

  public UnifiedConfig withCalibration(Calibration c) {
    return new UnifiedConfig(intrinsicWeight, conditionalWeight, c, featureRate, minimumReset);
  }

  public UnifiedConfig withMinimumReset(MinimumReset m) {
    return new UnifiedConfig(intrinsicWeight, conditionalWeight, calibration, featureRate, m);
  }
}
