package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** SwiGLU: {@code w2(silu(w1 x) · w3 x)} (LlamaGen FeedForward; dropout off at inference). */
final class FeedForward {
  private FeedForward() {}

  static NDArray apply(NDArray x, Layer layer) {
    NDArray a = Linear.apply(x, layer.w1());
    NDArray b = Linear.apply(x, layer.w3());
    // torch's sigmoid: a hand-written 1/(1+exp(-a)) overflows for a < -88 and its gradient turns
    // into inf·0 = NaN, which diverged the first shapes-v1 training run at step 273.
    NDArray silu = a.mul(Activation.sigmoid(a));
    return Linear.apply(silu.mul(b), layer.w2());
  }
}
