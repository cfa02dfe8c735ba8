package dev.scalingar.model.train;

/**
 * Where training examples come from. A batch depends only on (seed, step), so a resumed run sees
 * exactly the data an uninterrupted one would have seen.
 */
public interface TrainingData {

  /** {@code size} examples for training step {@code step}. */
  Batch batch(long step, int size);

  /**
   * @param words [size × prefixLength] word ids, row-major
   * @param tokens [size × blockSize] image tokens, row-major, raster order
   */
  record Batch(int size, long[] words, long[] tokens) {}
}
