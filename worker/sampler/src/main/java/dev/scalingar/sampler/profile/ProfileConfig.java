package dev.scalingar.sampler.profile;

import java.util.Objects;

/**
 * Every knob of the profile level, one validated record per signal. {@link #paperDefaults()} holds
 * the paper's values (v3 appendix) and, where the paper is silent, this project's CHOICE
 * (docs/algorithm.md). Error messages keep the flat names ({@code profile.blockSize}) that the
 * bench's {@code --config} keys use.
 *
 * @param token stok: aH, aM, ltok and which distribution Hn and m are read from
 * @param block B: block size, fill ratio, worst fraction q, window of e, reference
 * @param intrinsic I: wtok, wblk, lI
 * @param conditional D: the window of K and its reference
 * @param unified C: wI, wD, the calibration, the feature EMA rate and how Cmin is kept
 */
public record ProfileConfig(
    TokenConfig token,
    BlockConfig block,
    IntrinsicConfig intrinsic,
    ConditionalConfig conditional,
    UnifiedConfig unified) {

  /** The flat-window test of rollnorm and the denominators' guard (docs/algorithm.md: 1e-6). */
  public static final double EPSILON = 1e-6;

  public ProfileConfig {
    Objects.requireNonNull(token, "profile.token");
    Objects.requireNonNull(block, "profile.block");
    Objects.requireNonNull(intrinsic, "profile.intrinsic");
    Objects.requireNonNull(conditional, "profile.conditional");
    Objects.requireNonNull(unified, "profile.unified");
  }

  public static ProfileConfig paperDefaults() {
    return new ProfileConfig(
        TokenConfig.paperDefaults(),
        BlockConfig.paperDefaults(),
        IntrinsicConfig.paperDefaults(),
        ConditionalConfig.paperDefaults(),
        UnifiedConfig.paperDefaults());
  }

  /** C's calibration, or null for the paper's blend. */
  public Calibration calibration() {
    return unified.calibration();
  }

  /** Ablation "without token-level confidence": wtok → 0, renormalised (wblk = 1). */
  public ProfileConfig withoutTokenLevel() {
    return with(intrinsic.withTokenWeight(0));
  }

  /** Ablation "without worst-block stability": wblk → 0, renormalised (wtok = 1). */
  public ProfileConfig withoutWorstBlock() {
    return with(intrinsic.withTokenWeight(1));
  }

  /** Ablation "without the conditional channel": C = I. */
  public ProfileConfig withoutConditional() {
    return with(unified.withIntrinsicWeight(1));
  }

  /** C from this calibration ({@code null}: the paper's C). */
  public ProfileConfig withCalibration(Calibration c) {
    return with(unified.withCalibration(c));
  }

  /** This config with {@code part} in place of the part of its type. */
  public ProfileConfig with(SignalConfig part) {
    return new ProfileConfig(
        part instanceof TokenConfig t ? t : token,
        part instanceof BlockConfig b ? b : block,
        part instanceof IntrinsicConfig i ? i : intrinsic,
        part instanceof ConditionalConfig d ? d : conditional,
        part instanceof UnifiedConfig u ? u : unified);
  }
}
