package dev.scalingar.sampler.profile;

import java.util.Arrays;

/**
 * The block half of worst-block stability (docs/algorithm.md item 2): the h×w grid split into
 * non-overlapping b×b blocks, each scored by the mean Hn of its tokens generated so far, and e, the
 * mean score of the worst q of the blocks that count.
 *
 * <p>When b does not divide h or w, the blocks of the last row/column are smaller, and their fill
 * ratio is measured against their own cell count (a 2×4 edge block counts after 2 tokens at 0.25).
 * The rolling normalisation of e into B lives in {@link ConfidenceProfile}.
 */
public final class WorstBlockStability {

  private final int width;
  private final int blockSize;
  private final int blockColumns;
  private final double fillRatio;
  private final double worstFraction;
  private final int[] cells; // [block] cells of the block inside the grid
  private final int[] filled; // [block] tokens generated so far in the block
  private final double[] entropySum; // [block] sum of Hn over those tokens
  private final double[] scratch; // [block] scores of the counted blocks

  public WorstBlockStability(
      int height, int width, int blockSize, double fillRatio, double worstFraction) {
    this.width = width;
    this.blockSize = blockSize;
    this.fillRatio = fillRatio;
    this.worstFraction = worstFraction;
    int blockRows = (height + blockSize - 1) / blockSize;
    blockColumns = (width + blockSize - 1) / blockSize;
    int blocks = blockRows * blockColumns;
    cells = new int[blocks];
    filled = new int[blocks];
    entropySum = new double[blocks];
    scratch = new double[blocks];
    for (int br = 0; br < blockRows; br++) {
      for (int bc = 0; bc < blockColumns; bc++) {
        int rows = Math.min(blockSize, height - br * blockSize);
        int cols = Math.min(blockSize, width - bc * blockSize);
        cells[br * blockColumns + bc] = rows * cols;
      }
    }
  }

  public int blockCount() {
    return cells.length;
  }

  /** The block that holds grid position {@code position} (raster order). */
  public int blockOf(int position) {
    int row = position / width;
    int col = position % width;
    return (row / blockSize) * blockColumns + col / blockSize;
  }

  /** Adds the token at {@code position} with normalised entropy {@code hn} to its block. */
  public void add(int position, double hn) {
    int block = blockOf(position);
    filled[block]++;
    entropySum[block] += hn;
  }

  /** E_j, the mean Hn of block j so far (0 for an empty block). */
  public double blockScore(int block) {
    return filled[block] == 0 ? 0 : entropySum[block] / filled[block];
  }

  /** Whether block j has reached the fill ratio. */
  public boolean counts(int block) {
    // the epsilon keeps 0.25·4 = 1 exact against floating-point noise
    return filled[block] > 0 && filled[block] >= fillRatio * cells[block] - 1e-9;
  }

  /**
   * e: the mean of the worst (highest-entropy) ceil(q·n) of the n counted blocks, at least one. NaN
   * while no block counts. CHOICE: rounding up, so q = 10% of 16 blocks means 2 blocks.
   */
  public double worstMean() {
    double raw = worstMeanUnbounded();
    return Double.isNaN(raw) ? raw : Normalisation.clampUnit(raw);
  }

  /**
   * {@link #worstMean()} without the clamp to [0,1], for values that are not in [0,1] (surprisal).
   */
  public double worstMeanUnbounded() {
    int counted = 0;
    for (int j = 0; j < cells.length; j++) {
      if (counts(j)) scratch[counted++] = blockScore(j);
    }
    if (counted == 0) return Double.NaN;
    int worst = Math.max(1, (int) Math.ceil(worstFraction * counted - 1e-9));
    Arrays.sort(scratch, 0, counted);
    double sum = 0;
    for (int j = counted - worst; j < counted; j++) sum += scratch[j];
    return sum / worst;
  }

  public void copyFrom(WorstBlockStability other) {
    if (other.cells.length != cells.length)
      throw new IllegalArgumentException("block grids differ");
    System.arraycopy(other.filled, 0, filled, 0, filled.length);
    System.arraycopy(other.entropySum, 0, entropySum, 0, entropySum.length);
  }
}
