package dev.scalingar.model;

import ai.djl.ndarray.NDArray;

/** SwiGLU: {@code w2(silu(w1 x) · w3 x)} (LlamaGen FeedForward; dropout off at inference). */
final class FeedForward {
  private FeedForward() {}

  static NDArray apply(NDArray x, Weights w, String prefix) {
    NDArray a = Linear.apply(x, w.get(prefix + "feed_forward.w1.weight"));
    NDArray b = Linear.apply(x, w.get(prefix + "feed_forward.w3.weight"));
    NDArray silu = a.mul(a.neg().exp().add(1).pow(-1));
    return Linear.apply(silu.mul(b), w.get(prefix + "feed_forward.w2.weight"));
  }
}
