package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * 2D rotary position embedding on image tokens (LlamaGen {@code precompute_freqs_cis_2d} and {@code
 * apply_rotary_emb}): half of each head's pairs rotate with the token's grid row, half with its
 * column. Condition-prefix positions get what {@link Conditioning#zeroPrefixRotation()} says:
 * LlamaGen's all-zero rows for its c2i and t2i models, which zero the prefix's queries and keys
 * (every score against a prefix key is 0, the condition flows through v alone); the identity for
 * ShapesWorld, whose prompts need word order ("a red circle above a blue square") and get it from a
 * learned prefix position embedding instead.
 */
final class Rope2d implements AutoCloseable {

  private final NDArray cos; // [maxSeq, headDim]: cos of each pair's angle, twice
  private final NDArray sin; // [maxSeq, headDim]: −sin, +sin of each pair's angle
  private final NDArray swap; // [headDim, headDim]
  private final int headDim;

  Rope2d(NDManager manager, ModelArgs args) {
    int headDim = args.headDim();
    int pairs = headDim / 2;
    int quarter = headDim / 4;
    int seq = args.clsTokenNum() + args.blockSize();
    // Full-width tables, so a rotation is x·C + swap(x)·S over whole heads: per pair (x0, x1) that
    // is (x0·c − x1·s, x1·c + x0·s), the same products and sums as the pairwise form, in 4 ops
    // where the pairwise form took 11 (a decoding step is bound by per-op overhead, not FLOPs).
    float[] cf = new float[seq * headDim];
    float[] sf = new float[seq * headDim];
    double half = headDim / 2.0;
    for (int pos = 0; pos < seq; pos++) {
      for (int i = 0; i < pairs; i++) {
        double angle = 0;
        boolean zero = pos < args.clsTokenNum() && args.conditioning().zeroPrefixRotation();
        if (pos >= args.clsTokenNum()) {
          int t = pos - args.clsTokenNum();
          int row = t / args.gridSize();
          int col = t % args.gridSize();
          int k = i % quarter; // frequency index
          double freq = 1.0 / Math.pow(args.ropeBase(), (2.0 * k) / half);
          angle = (i < quarter ? row : col) * freq;
        }
        float cos = zero ? 0 : (float) Math.cos(angle);
        float sin = zero ? 0 : (float) Math.sin(angle);
        int at = pos * headDim + 2 * i;
        cf[at] = cos;
        cf[at + 1] = cos;
        sf[at] = -sin;
        sf[at + 1] = sin;
      }
    }
    // swap(x) = x · P exchanges each pair's two entries (a permutation: exact in float).
    float[] p = new float[headDim * headDim];
    for (int i = 0; i < pairs; i++) {
      p[(2 * i + 1) * headDim + 2 * i] = 1;
      p[(2 * i) * headDim + 2 * i + 1] = 1;
    }
    this.cos = manager.create(cf, new Shape(seq, headDim));
    this.sin = manager.create(sf, new Shape(seq, headDim));
    this.swap = manager.create(p, new Shape(headDim, headDim));
    this.headDim = headDim;
  }

  /**
   * LlamaGen's {@code freqs_cis} layout: [positions, headDim/2, 2] with [..., 0] = cos and [..., 1]
   * = sin of each pair's angle (what the fixtures hold).
   */
  float[] freqsCis() {
    float[] c = cos.toFloatArray();
    float[] s = sin.toFloatArray();
    float[] out = new float[c.length];
    for (int i = 0; i < c.length / 2; i++) {
      out[2 * i] = c[2 * i];
      out[2 * i + 1] = s[2 * i + 1];
    }
    return out;
  }

  /** Tables for positions 0..T-1, shaped to broadcast over [B, T, H, headDim]. */
  NDArray[] forSequence(int length) {
    NDArray c = cos.get(new NDIndex(":{}", length)).reshape(1, length, 1, headDim);
    NDArray s = sin.get(new NDIndex(":{}", length)).reshape(1, length, 1, headDim);
    return new NDArray[] {c, s, swap};
  }

  /** Tables for one position per row ([R] int64 sequence indices), shaped [R, 1, 1, headDim]. */
  NDArray[] forPositions(NDArray positions) {
    long rows = positions.getShape().get(0);
    NDArray c = cos.get(new NDIndex("{}", positions)).reshape(rows, 1, 1, headDim);
    NDArray s = sin.get(new NDIndex("{}", positions)).reshape(rows, 1, 1, headDim);
    return new NDArray[] {c, s, swap};
  }

  /** Rotates each (even, odd) pair of x [B, T, H, headDim] by the table's angles. */
  static NDArray apply(NDArray x, NDArray[] table) {
    return x.mul(table[0]).add(x.matMul(table[2]).mul(table[1]));
  }

  @Override
  public void close() {
    cos.close();
    sin.close();
    swap.close();
  }
}
