package dev.scalingar.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, bias-corrected moments). Written here rather than taken from DJL's
 * optimizer because its moments must go into checkpoints so an interrupted training resumes
 * exactly; DJL keeps that state private. Weight decay applies to matrices only, not to norms.
 */
public final class AdamW {

  /** LlamaGen's optimiser settings: betas (0.9, 0.95), weight decay 0.05. */
  public record Settings(
      double beta1, double beta2, double epsilon, double weightDecay, double clipNorm) {
    public static Settings llamaGen() {
      return new Settings(0.9, 0.95, 1e-8, 0.05, 1.0);
    }
  }

  private final Settings settings;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private long step;

  public AdamW(Settings settings, Map<String, NDArray> params, NDManager manager) {
    this.settings = settings;
    for (var e : params.entrySet()) {
      m.put(e.getKey(), manager.zeros(e.getValue().getShape()));
      v.put(e.getKey(), manager.zeros(e.getValue().getShape()));
    }
  }

  public long step() {
    return step;
  }

  /** Moments for a checkpoint, named {@code adam.m.<param>} and {@code adam.v.<param>}. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> s = new LinkedHashMap<>();
    m.forEach((k, a) -> s.put("adam.m." + k, a));
    v.forEach((k, a) -> s.put("adam.v." + k, a));
    return s;
  }

  public void restore(Map<String, NDArray> state, long restoredStep) {
    m.forEach((k, a) -> a.set(state.get("adam.m." + k).toFloatArray()));
    v.forEach((k, a) -> a.set(state.get("adam.v." + k).toFloatArray()));
    this.step = restoredStep;
  }

  /** Zeroes gradients by overwriting them (g − g keeps a NaN a NaN). */
  public static void zeroGradients(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      NDArray g = p.getGradient();
      g.set(new float[Math.toIntExact(g.size())]);
    }
  }

  /**
   * One update of every parameter from its accumulated gradient, which is then zeroed (DJL
   * accumulates gradients across collectors). Gradients are clipped to a global norm first.
   *
   * <p>A gradient with a NaN or infinity anywhere is dropped without touching the weights or the
   * moments (the step counter does not move either).
   *
   * @return the global gradient norm before clipping; not finite when the update was skipped
   */
  public double update(Map<String, NDArray> params, double lr) {
    double sq = 0;
    for (NDArray p : params.values()) {
      sq += p.getGradient().square().sum().getFloat();
    }
    double norm = Math.sqrt(sq);
    if (!Double.isFinite(norm)) {
      zeroGradients(params);
      return norm;
    }
    step++;
    double scale = norm > settings.clipNorm() ? settings.clipNorm() / (norm + 1e-6) : 1.0;
    double bc1 = 1 - Math.pow(settings.beta1(), step);
    double bc2 = 1 - Math.pow(settings.beta2(), step);
    for (var e : params.entrySet()) {
      NDArray p = e.getValue();
      NDArray g = p.getGradient();
      NDArray gs = g.mul(scale);
      NDArray mi = m.get(e.getKey());
      NDArray vi = v.get(e.getKey());
      mi.muli(settings.beta1()).addi(gs.mul(1 - settings.beta1()));
      vi.muli(settings.beta2()).addi(gs.square().mul(1 - settings.beta2()));
      NDArray update = mi.div(bc1).div(vi.div(bc2).sqrt().add(settings.epsilon()));
      if (p.getShape().dimension() >= 2) {
        p.muli(1 - lr * settings.weightDecay());
      }
      p.subi(update.mul(lr));
      g.subi(g);
    }
    return norm;
  }
}
