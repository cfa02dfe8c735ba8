package dev.scalingar.sampler;

import java.util.Objects;

/**
 * The two logit halves of one live trajectory at one step, as views into the engine's buffers: V
 * floats of {@code cond} from {@code condOffset}, V of {@code uncond} from {@code uncondOffset}.
 * Not copied: the sampler reads them during {@code step()} only. −Infinity masks a token.
 */
public record TrajectoryLogits(
    int trajectory, float[] cond, int condOffset, float[] uncond, int uncondOffset) {

  public TrajectoryLogits {
    Objects.requireNonNull(cond, "cond");
    Objects.requireNonNull(uncond, "uncond");
    if (trajectory < 0)
      throw new IllegalArgumentException("trajectory must be ≥ 0, was " + trajectory);
    if (condOffset < 0 || uncondOffset < 0)
      throw new IllegalArgumentException("offsets must be ≥ 0");
  }

  /** Whole arrays, offset 0. */
  public TrajectoryLogits(int trajectory, float[] cond, float[] uncond) {
    this(trajectory, cond, 0, uncond, 0);
  }
}
