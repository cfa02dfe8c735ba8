package dev.scalingar.model;

import ai.djl.ndarray.NDArray;

/** {@code x · rsqrt(mean(x²) + eps) · weight} over the last axis (LlamaGen RMSNorm). */
final class RMSNorm {
  private RMSNorm() {}

  static NDArray apply(NDArray x, NDArray weight, double eps) {
    NDArray rms = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
    return x.div(rms).mul(weight);
  }
}
