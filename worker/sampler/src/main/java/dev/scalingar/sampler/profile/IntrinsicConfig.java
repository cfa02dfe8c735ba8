package dev.scalingar.sampler.profile;

/**
 * The intrinsic score I, the blend of stok and B (docs/algorithm.md, "Intrinsic score").
 *
 * @param tokenWeight wtok in {@code Iraw = wtok·stok + wblk·B}. Paper: 0.65.
 * @param blockWeight wblk. Paper: 0.35. wtok + wblk must be 1.
 * @param rate lI in {@code I ← (1 − lI)·I + lI·Iraw}. Paper: 0.2.
 */
public record IntrinsicConfig(double tokenWeight, double blockWeight, double rate)
    implements SignalConfig {

  public IntrinsicConfig {
    ConfigChecks.blend("tokenWeight", tokenWeight, "blockWeight", blockWeight);
    ConfigChecks.rate("intrinsicRate", rate);
  }

  static IntrinsicConfig paperDefaults() {
    return new IntrinsicConfig(0.65, 0.35, 0.2);
  }

  /** wtok, with wblk = 1 − wtok. */
  public IntrinsicConfig withTokenWeight(double wtok) {
    return new IntrinsicConfig(wtok, 1 - wtok, rate);
  }

  public IntrinsicConfig withRate(double lI) {
    return new IntrinsicConfig(tokenWeight, blockWeight, lI);
  }
}
