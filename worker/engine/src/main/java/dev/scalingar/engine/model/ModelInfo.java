package dev.scalingar.engine.model;

/**
 * What the engine needs to know about a model: its name, image-token vocabulary, the token grid it
 * samples (L = h·w steps per trajectory), the CFG scale it was trained for, how many rows its KV
 * cache holds, and the top-k its own samplers use by default (0 = off; LlamaGen c2i 2000, t2i
 * 1000).
 */
public record ModelInfo(
    String name,
    int vocabSize,
    int gridH,
    int gridW,
    double defaultCfgScale,
    int rowCapacity,
    int defaultTopK) {

  public ModelInfo {
    if (vocabSize < 2
        || gridH < 1
        || gridW < 1
        || rowCapacity < 2
        || defaultCfgScale < 1
        || defaultTopK < 0) {
      throw new IllegalArgumentException("invalid model info: " + this);
    }
  }

  /** A model without a top-k of its own. */
  public ModelInfo(
      String name, int vocabSize, int gridH, int gridW, double defaultCfgScale, int rowCapacity) {
    this(name, vocabSize, gridH, gridW, defaultCfgScale, rowCapacity, 0);
  }

  /** L: steps of one trajectory. */
  public int totalSteps() {
    return gridH * gridW;
  }
}
