package dev.scalingar.model;

import ai.djl.ndarray.NDArray;

/** A bias-free linear layer with PyTorch's weight layout [out, in]: {@code y = x · Wᵀ}. */
final class Linear {
  private Linear() {}

  static NDArray apply(NDArray x, NDArray weight) {
    return x.matMul(weight.transpose());
  }
}
