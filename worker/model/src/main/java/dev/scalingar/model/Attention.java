package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Causal self-attention with fused {@code wqkv} and output {@code wo} (LlamaGen Attention, no
 * grouped KV heads): the projections, and the heads over keys and values that come either from the
 * same call (a whole sequence: training, prefill) or from each row's cache (decoding).
 */
final class Attention {
  private Attention() {}

  /** The projections of x [B, T, dim]: q, k, v each [B, T, H, hd], q and k rotated. */
  static NDArray[] qkv(NDArray x, Layer layer, ModelArgs a, NDArray[] rope) {
    Shape s = x.getShape();
    NDArray fused = Linear.apply(x, layer.wqkv());
    NDList parts = fused.split(3, fused.getShape().dimension() - 1);
    NDArray q = parts.get(0).reshape(s.get(0), s.get(1), a.nHead(), a.headDim());
    NDArray k = parts.get(1).reshape(s.get(0), s.get(1), a.nHead(), a.headDim());
    NDArray v = parts.get(2).reshape(s.get(0), s.get(1), a.nHead(), a.headDim());
    return new NDArray[] {Rope2d.apply(q, rope), Rope2d.apply(k, rope), v};
  }

  /**
   * softmax(q kᵀ / √hd + mask) v, heads concatenated: [B, Tq, dim] before {@code wo}. q is [B, Tq,
   * H, hd]; keys and values are head-major, [B, H, Tk, hd] (as the KV cache stores them, so a cache
   * read needs no transposed copy); the mask is additive and broadcasts to [B, H, Tq, Tk].
   */
  static NDArray heads(NDArray q, NDArray kh, NDArray vh, NDArray mask, ModelArgs a) {
    NDArray qh = q.transpose(0, 2, 1, 3);
    NDArray scores =
        qh.matMul(kh.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(a.headDim())).add(mask);
    NDArray out = scores.softmax(-1).matMul(vh).transpose(0, 2, 1, 3);
    Shape s = q.getShape();
    return out.reshape(s.get(0), s.get(1), a.dim());
  }
}
