package dev.scalingar.model.llamagen;

/**
 * How LlamaGen's samplers sample by default (autoregressive/sample/sample_c2i.py, sample_t2i.py).
 *
 * @param cfgScale classifier-free guidance scale
 * @param topK keep the k most probable tokens (0 = off)
 * @param topP nucleus mass (1 = off)
 * @param temperature logits divided by max(temperature, 1e-5)
 * @param cfgInterval LlamaGen's {@code cfg_interval}: after decode step {@code cfgInterval} the
 *     conditional logits alone are used (both halves still run); −1 = guidance at every step
 */
public record SamplingDefaults(
    double cfgScale, int topK, double topP, double temperature, int cfgInterval) {

  public SamplingDefaults {
    if (cfgScale < 1
        || topK < 0
        || !(topP > 0 && topP <= 1)
        || temperature < 0
        || cfgInterval < -1) {
      throw new IllegalArgumentException("invalid sampling defaults: " + this);
    }
  }

  public SamplingDefaults withCfgInterval(int interval) {
    return new SamplingDefaults(cfgScale, topK, topP, temperature, interval);
  }
}
