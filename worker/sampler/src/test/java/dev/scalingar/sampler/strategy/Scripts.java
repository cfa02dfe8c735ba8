package dev.scalingar.sampler.strategy;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Synthetic logit streams for the session tests. */
final class Scripts {

  private Scripts() {}

  /**
   * Gaussian logits (σ = scale) with a Gaussian cond/uncond difference, a fresh stream per (seed,
   * n, t).
   */
  static ScriptedEngine.Script gaussian(long seed, double scale) {
    return (n, t, cond, uncond) -> {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + n * 10_007L + t);
      for (int i = 0; i < cond.length; i++) {
        uncond[i] = (float) (scale * r.nextGaussian());
        cond[i] = uncond[i] + (float) r.nextGaussian();
      }
    };
  }

  /**
   * Trajectory {@code bad} gets flat logits with cond = uncond: Hn = 1, m = 0, K = 0, so its C sits
   * steadily low; the others get sharply peaked logits that follow the prompt.
   */
  static ScriptedEngine.Script oneBad(int bad) {
    ScriptedEngine.Script good = gaussian(42, 8.0);
    return (n, t, cond, uncond) -> {
      if (n == bad) {
        Arrays.fill(cond, 0f);
        Arrays.fill(uncond, 0f);
      } else {
        good.logits(n, t, cond, uncond);
      }
    };
  }
}
