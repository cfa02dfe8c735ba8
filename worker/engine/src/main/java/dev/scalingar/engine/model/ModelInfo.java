package dev.scalingar.engine.model;

/**
 * What the engine needs to know about a model: its name, image-token vocabulary, the token grid
 * it samples (L = h·w steps per trajectory), the CFG scale it was trained for, and how many rows
 * its KV cache holds.
 */
public record ModelInfo(String name, int vocabSize, int gridH, int gridW, double defaultCfgScale, int rowCapacity) {

  public ModelInfo {
    if (vocabSize < 2 || gridH < 1 || gridW < 1 || rowCapacity < 2 || defaultCfgScale < 1) {
      throw new IllegalArgumentException("invalid model info: " + this);
    }
  }

  /** L: steps of one trajectory. */
  public int totalSteps() {
    return gridH * gridW;
  }
}
