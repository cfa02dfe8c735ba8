package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Causal self-attention with fused {@code wqkv} and output {@code wo} (LlamaGen Attention, no
 * grouped KV heads). Two paths: over a whole sequence (training, prefill) and one new position per
 * row against that row's cache (decoding).
 */
final class Attention {
  private Attention() {}

  /** The projections of x [B, T, dim]: q, k, v each [B, T, H, hd], rotated. */
  static NDArray[] qkv(NDArray x, Weights w, String prefix, NDArray[] rope) {
    ModelArgs a = w.args();
    Shape s = x.getShape();
    NDArray fused = Linear.apply(x, w.get(prefix + "attention.wqkv.weight"));
    NDList parts = fused.split(3, fused.getShape().dimension() - 1);
    NDArray q = parts.get(0).reshape(s.get(0), s.get(1), a.nHead(), a.headDim());
    NDArray k = parts.get(1).reshape(s.get(0), s.get(1), a.nHead(), a.headDim());
    NDArray v = parts.get(2).reshape(s.get(0), s.get(1), a.nHead(), a.headDim());
    return new NDArray[] {Rope2d.apply(q, rope), Rope2d.apply(k, rope), v};
  }

  /**
   * softmax(q kᵀ / √hd + mask) v with q [B, Tq, H, hd], k and v [B, Tk, H, hd]; the mask is
   * additive and broadcasts to [B, H, Tq, Tk]. Returns [B, Tq, dim] after {@code wo}.
   */
  static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, Weights w, String prefix) {
    return attendHeads(q, k.transpose(0, 2, 1, 3), v.transpose(0, 2, 1, 3), mask, w, prefix);
  }

  /**
   * {@link #attend} with keys and values already head-major, [B, H, Tk, hd] (as the KV cache
   * stores them): no transposed copies of the cache.
   */
  static NDArray attendHeads(NDArray q, NDArray kh, NDArray vh, NDArray mask, Weights w, String prefix) {
    return Linear.apply(heads(q, kh, vh, mask, w.args()), w.get(prefix + "attention.wo.weight"));
  }

  /** The heads' outputs, concatenated: [B, Tq, dim] before {@code wo}. */
  static NDArray heads(NDArray q, NDArray kh, NDArray vh, NDArray mask, ModelArgs a) {
    NDArray qh = q.transpose(0, 2, 1, 3);
    NDArray scores = qh.matMul(kh.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(a.headDim())).add(mask);
    NDArray out = scores.softmax(-1).matMul(vh).transpose(0, 2, 1, 3);
    Shape s = q.getShape();
    return out.reshape(s.get(0), s.get(1), a.dim());
  }
}
