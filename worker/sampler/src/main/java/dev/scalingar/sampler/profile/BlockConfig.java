package dev.scalingar.sampler.profile;

import java.util.Objects;

/**
 * The worst-block stability B (docs/algorithm.md, "Worst-block stability").
 *
 * @param size b, the side of the non-overlapping b×b blocks. Paper: 4.
 * @param fillRatio share of a block's cells that must be generated before the block counts. CHOICE:
 *     0.25 (v1 names a minimum fill ratio without a value).
 * @param worstFraction q, the share of counted blocks (highest E_j) whose mean is e; at least one
 *     block, rounded up (CHOICE). Paper: 0.1.
 * @param windowRows the rolling min–max window of e, in grid rows: the last {@code windowRows·w}
 *     values. CHOICE: 2.
 * @param reference what rollnorm(e) compares with. CHOICE: {@link Reference#OWN_HISTORY}.
 */
public record BlockConfig(
    int size, double fillRatio, double worstFraction, int windowRows, Reference reference)
    implements SignalConfig {

  public BlockConfig {
    if (size < 1 || size > 1024) {
      throw new IllegalArgumentException("profile.blockSize must be in [1,1024], was " + size);
    }
    ConfigChecks.rate("blockFillRatio", fillRatio);
    ConfigChecks.rate("worstBlockFraction", worstFraction);
    ConfigChecks.window("stabilityWindowRows", windowRows);
    Objects.requireNonNull(reference, "profile.stabilityReference");
  }

  static BlockConfig paperDefaults() {
    return new BlockConfig(4, 0.25, 0.1, 2, Reference.OWN_HISTORY);
  }

  public BlockConfig withFillRatio(double v) {
    return new BlockConfig(size, v, worstFraction, windowRows, reference);
  }

  public BlockConfig withWorstFraction(double q) {
    return new BlockConfig(size, fillRatio, q, windowRows, reference);
  }

  public BlockConfig withWindowRows(int rows) {
    return new BlockConfig(size, fillRatio, worstFraction, rows, reference);
  }

  public BlockConfig withReference(Reference r) {
    return new BlockConfig(size, fillRatio, worstFraction, windowRows, r);
  }
}
