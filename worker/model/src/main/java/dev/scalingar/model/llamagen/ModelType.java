package dev.scalingar.model.llamagen;

import dev.scalingar.model.Conditioning;

/**
 * LlamaGen's {@code model_type}: class- or text-conditional, with the sampling its samplers default
 * to.
 */
public enum ModelType {
  /** sample_c2i.py: cfg-scale 4.0, top-k 2000, temperature 1, top-p 1. */
  C2I("c2i", Conditioning.CLASS, new SamplingDefaults(4.0, 2000, 1.0, 1.0, -1)),
  /** sample_t2i.py: cfg-scale 7.5, top-k 1000, temperature 1, top-p 1. */
  T2I("t2i", Conditioning.CAPTION, new SamplingDefaults(7.5, 1000, 1.0, 1.0, -1));

  private final String llamaGenName;
  private final Conditioning conditioning;
  private final SamplingDefaults sampling;

  ModelType(String llamaGenName, Conditioning conditioning, SamplingDefaults sampling) {
    this.llamaGenName = llamaGenName;
    this.conditioning = conditioning;
    this.sampling = sampling;
  }

  public String llamaGenName() {
    return llamaGenName;
  }

  public Conditioning conditioning() {
    return conditioning;
  }

  public SamplingDefaults sampling() {
    return sampling;
  }

  public static ModelType parse(String name) {
    for (ModelType t : values()) {
      if (t.llamaGenName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown LlamaGen model_type '" + name + "'; known: c2i, t2i");
  }

  public static ModelType of(Conditioning conditioning) {
    for (ModelType t : values()) {
      if (t.conditioning == conditioning) {
        return t;
      }
    }
    throw new IllegalArgumentException(conditioning + " is not a LlamaGen model type");
  }
}
