package dev.scalingar.sampler.profile;

/**
 * The token-level confidence stok (docs/algorithm.md, "Token confidence").
 *
 * @param entropyWeight aH in {@code u = aH·Hn + aM·(1 − m)}. Paper: 0.5 (its sweep liked 0.7).
 * @param marginWeight aM. Paper: 0.5 (sweep: 0.3). aH + aM must be 1, so u stays in [0,1].
 * @param rate ltok in {@code stok ← (1 − ltok)·stok + ltok·k}. Paper: 0.2.
 * @param onFilteredDistribution compute Hn and m on the top-k/top-p filtered distribution instead
 *     of the full guided one. CHOICE: false (signals read π before filtering).
 */
public record TokenConfig(
    double entropyWeight, double marginWeight, double rate, boolean onFilteredDistribution)
    implements SignalConfig {

  public TokenConfig {
    ConfigChecks.blend("entropyWeight", entropyWeight, "marginWeight", marginWeight);
    ConfigChecks.rate("tokenRate", rate);
  }

  static TokenConfig paperDefaults() {
    return new TokenConfig(0.5, 0.5, 0.2, false);
  }

  /** aH, with aM = 1 − aH. */
  public TokenConfig withEntropyWeight(double aH) {
    return new TokenConfig(aH, 1 - aH, rate, onFilteredDistribution);
  }

  public TokenConfig withRate(double ltok) {
    return new TokenConfig(entropyWeight, marginWeight, ltok, onFilteredDistribution);
  }
}
