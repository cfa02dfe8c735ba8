package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for a fixed number of rows, allocated once: [rows, heads,
 * maxSeqLen, headDim] per layer and kind. Rows are written in place at their own positions with
 * advanced indexing, so rows of different ages share one decoding step. Heads come before positions
 * so that a read is already in attention's [R, H, T, hd] layout: the gather of the rows is the only
 * copy, where a [rows, T, H, hd] cache needed two transposed copies more.
 */
final class KVCache implements AutoCloseable {

  private final NDArray[] keys;
  private final NDArray[] values;
  private final int rows;
  private final int maxSeqLen;

  KVCache(NDManager manager, ModelArgs args, int rows) {
    this.rows = rows;
    this.maxSeqLen = args.maxSeqLen();
    this.keys = new NDArray[args.nLayer()];
    this.values = new NDArray[args.nLayer()];
    Shape shape = new Shape(rows, args.nHead(), maxSeqLen, args.headDim());
    for (int i = 0; i < args.nLayer(); i++) {
      keys[i] = manager.zeros(shape);
      values[i] = manager.zeros(shape);
    }
  }

  int rows() {
    return rows;
  }

  /** Bytes of cache one row holds (all layers, keys and values). */
  long bytesPerRow() {
    long perLayer = keys[0].getShape().size() / rows * 4L;
    return perLayer * 2 * keys.length;
  }

  /** Writes k, v [N, H, hd] at (rowIdx[n], every head, posIdx[n]) for every n. */
  void write(int layer, NDArray rowIdx, NDArray posIdx, NDArray k, NDArray v) {
    keys[layer].set(new NDIndex("{}, :, {}", rowIdx, posIdx), k);
    values[layer].set(new NDIndex("{}, :, {}", rowIdx, posIdx), v);
  }

  /** The first {@code length} positions of the given rows: [R, H, length, hd] each. */
  NDArray[] read(int layer, NDArray rowIdx, int length) {
    NDArray k = keys[layer].get(new NDIndex(":, :, :{}", length)).get(new NDIndex("{}", rowIdx));
    NDArray v = values[layer].get(new NDIndex(":, :, :{}", length)).get(new NDIndex("{}", rowIdx));
    return new NDArray[] {k, v};
  }

  /**
   * The first {@code length} positions of rows {@code first .. first+count-1}: views [count, H,
   * length, hd], no copy.
   */
  NDArray[] slice(int layer, int first, int count, int length) {
    NDIndex range = new NDIndex("{}:{}, :, :{}", first, first + count, length);
    return new NDArray[] {keys[layer].get(range), values[layer].get(range)};
  }

  void copyRow(int src, int dst) {
    for (int i = 0; i < keys.length; i++) {
      keys[i].set(new NDIndex("{}", dst), keys[i].get(new NDIndex("{}", src)));
      values[i].set(new NDIndex("{}", dst), values[i].get(new NDIndex("{}", src)));
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      keys[i].close();
      values[i].close();
    }
  }
}
