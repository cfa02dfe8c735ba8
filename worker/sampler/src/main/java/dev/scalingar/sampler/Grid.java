package dev.scalingar.sampler;

/**
 * The h×w token grid of one image. Tokens are sampled in raster order, so the step that samples
 * position {@code p} sits at row {@code p / width}, column {@code p % width}, and a trajectory runs
 * {@code L = height·width} steps.
 */
public record Grid(int height, int width) {

  public Grid {
    if (height < 1) throw new IllegalArgumentException("grid.height must be ≥ 1, was " + height);
    if (width < 1) throw new IllegalArgumentException("grid.width must be ≥ 1, was " + width);
    if ((long) height * width > 1 << 20) {
      throw new IllegalArgumentException(
          "grid.height·width must be ≤ 2^20, was " + (long) height * width);
    }
  }

  /** L, the number of steps of a full trajectory. */
  public int length() {
    return height * width;
  }
}
