package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * 2D rotary position embedding on image tokens (LlamaGen {@code precompute_freqs_cis_2d} and
 * {@code apply_rotary_emb}): half of each head's pairs rotate with the token's grid row, half with
 * its column. Text-prefix positions get the identity rotation. (LlamaGen zeroes them instead,
 * which zeroes the prefix's queries and keys and makes attention to the prompt order-blind; our
 * prompts need word order, "a red circle above a blue square", so the prefix keeps its content
 * and gets order from a learned prefix position embedding instead.)
 */
final class Rope2d implements AutoCloseable {

  private final NDArray cos; // [maxSeq, headDim/2]
  private final NDArray sin;
  private final int halfPairs;

  Rope2d(NDManager manager, ModelArgs args) {
    int headDim = args.headDim();
    int pairs = headDim / 2;
    int quarter = headDim / 4;
    int seq = args.clsTokenNum() + args.blockSize();
    float[] c = new float[seq * pairs];
    float[] s = new float[seq * pairs];
    double half = headDim / 2.0;
    for (int pos = 0; pos < seq; pos++) {
      for (int i = 0; i < pairs; i++) {
        double angle = 0;
        if (pos >= args.clsTokenNum()) {
          int t = pos - args.clsTokenNum();
          int row = t / args.gridSize();
          int col = t % args.gridSize();
          int k = i % quarter; // frequency index
          double freq = 1.0 / Math.pow(args.ropeBase(), (2.0 * k) / half);
          angle = (i < quarter ? row : col) * freq;
        }
        c[pos * pairs + i] = (float) Math.cos(angle);
        s[pos * pairs + i] = (float) Math.sin(angle);
      }
    }
    this.cos = manager.create(c, new Shape(seq, pairs));
    this.sin = manager.create(s, new Shape(seq, pairs));
    this.halfPairs = pairs;
  }

  /** Tables for positions 0..T-1, shaped to broadcast over [B, T, H, pairs]. */
  NDArray[] forSequence(int length) {
    NDArray c = cos.get(new NDIndex(":{}", length)).reshape(1, length, 1, halfPairs);
    NDArray s = sin.get(new NDIndex(":{}", length)).reshape(1, length, 1, halfPairs);
    return new NDArray[] {c, s};
  }

  /** Tables for one position per row ([R] int64 sequence indices), shaped [R, 1, 1, pairs]. */
  NDArray[] forPositions(NDArray positions) {
    long rows = positions.getShape().get(0);
    NDArray c = cos.get(new NDIndex("{}", positions)).reshape(rows, 1, 1, halfPairs);
    NDArray s = sin.get(new NDIndex("{}", positions)).reshape(rows, 1, 1, halfPairs);
    return new NDArray[] {c, s};
  }

  /** Rotates each (even, odd) pair of x [B, T, H, headDim]. */
  static NDArray apply(NDArray x, NDArray[] table) {
    Shape shape = x.getShape();
    NDArray pairs = x.reshape(shape.get(0), shape.get(1), shape.get(2), shape.get(3) / 2, 2);
    NDArray x0 = pairs.get(new NDIndex("..., 0"));
    NDArray x1 = pairs.get(new NDIndex("..., 1"));
    NDArray out0 = x0.mul(table[0]).sub(x1.mul(table[1]));
    NDArray out1 = x1.mul(table[0]).add(x0.mul(table[1]));
    return out0.stack(out1, -1).reshape(shape);
  }

  @Override
  public void close() {
    cos.close();
    sin.close();
  }
}
