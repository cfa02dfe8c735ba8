package dev.scalingar.model;

import ai.djl.ndarray.NDArray;

/**
 * One transformer block's tensors, resolved from {@link Weights} once when the model is built
 * instead of looked up by name in every layer of every step. The arrays are the weights' own (not
 * copies), so training updates them in place and gradients reach them.
 */
record Layer(
    NDArray attentionNorm,
    NDArray wqkv,
    NDArray wo,
    NDArray ffnNorm,
    NDArray w1,
    NDArray w3,
    NDArray w2) {

  static Layer of(Weights w, int index) {
    String p = "layers." + index + ".";
    return new Layer(
        w.get(p + "attention_norm.weight"),
        w.get(p + "attention.wqkv.weight"),
        w.get(p + "attention.wo.weight"),
        w.get(p + "ffn_norm.weight"),
        w.get(p + "feed_forward.w1.weight"),
        w.get(p + "feed_forward.w3.weight"),
        w.get(p + "feed_forward.w2.weight"));
  }
}
