package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * LlamaGen's generate.py route, driven by hand over a fresh KV cache, to compare a model with
 * reference outputs ({@code ./scalingar convert llamagen verify}): prefill of the prefix rows, then
 * one decode per image token, every row at the same position. With CFG the rows are generate.py's
 * batch: the conditional rows, then the null rows, each fed {@code cat([x, x])}.
 */
public final class ReferenceDecoding {

  private ReferenceDecoding() {}

  /**
   * Teacher-forced logits [rows][n][V]: step 0 is the prefill, step k feeds {@code tokens[r][k-1]}.
   *
   * @param prefix [R, P, dim]
   * @param prefixValid [R, P] (null: every prefix key)
   * @param tokens [R][≥ n-1]
   */
  public static float[][][] teacherForced(
      Transformer model, NDArray prefix, NDArray prefixValid, long[][] tokens, int n) {
    int rows = tokens.length;
    return run(
        model,
        prefix,
        prefixValid,
        n,
        (step, logits) -> {
          long[] x = new long[rows];
          for (int r = 0; r < rows; r++) {
            x[r] = step < tokens[r].length ? tokens[r][step] : 0; // the last step feeds nothing
          }
          return x;
        });
  }

  /**
   * Greedy decoding under CFG: the prefix holds B conditional rows then B null rows; each step
   * picks argmax(uncond + (cond − uncond)·scale) per trajectory (generate.py with
   * sample_logits=False, cfg_interval −1). Returns the tokens [B][n].
   */
  public static long[][] greedyCfg(
      Transformer model, NDArray prefix, NDArray prefixValid, int n, double scale) {
    int b = Math.toIntExact(prefix.getShape().get(0)) / 2;
    long[][] picked = new long[b][n];
    run(
        model,
        prefix,
        prefixValid,
        n,
        (step, logits) -> {
          long[] x = new long[2 * b];
          for (int r = 0; r < b; r++) {
            float[] g = combine(logits[r], logits[b + r], scale);
            picked[r][step] = argmax(g);
            x[r] = x[b + r] = picked[r][step];
          }
          return x;
        });
    // the last step's logits pick the last token but feed nothing
    return picked;
  }

  /** uncond + (cond − uncond)·scale, as generate.py combines the halves. */
  public static float[] combine(float[] cond, float[] uncond, double scale) {
    float s = (float) scale;
    float[] out = new float[cond.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = uncond[i] + (cond[i] - uncond[i]) * s;
    }
    return out;
  }

  private interface Feed {
    /** The tokens to feed after step {@code step} (whose logits are given). */
    long[] next(int step, float[][] logits);
  }

  private static float[][][] run(
      Transformer model, NDArray prefix, NDArray prefixValid, int n, Feed feed) {
    int rows = Math.toIntExact(prefix.getShape().get(0));
    int p = model.args().clsTokenNum();
    NDManager m = prefix.getManager();
    float[][][] out = new float[rows][n][];
    try (KVCache cache = new KVCache(m, model.args(), rows)) {
      NDArray rowIdx = m.arange(0, rows, 1, DataType.INT64);
      float[][] logits = split(model.prefill(cache, rowIdx, prefix, prefixValid));
      for (int step = 0; ; step++) {
        for (int r = 0; r < rows; r++) {
          out[r][step] = logits[r];
        }
        if (step == n - 1) {
          feed.next(step, logits);
          return out;
        }
        long[] x = feed.next(step, logits);
        long[] pos = new long[rows];
        java.util.Arrays.fill(pos, p + step);
        logits =
            split(model.decode(cache, rowIdx, m.create(pos), m.create(x), p + step, prefixValid));
      }
    }
  }

  private static float[][] split(NDArray logits) {
    int rows = Math.toIntExact(logits.getShape().get(0));
    int v = Math.toIntExact(logits.getShape().get(1));
    float[] all = logits.toFloatArray();
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = java.util.Arrays.copyOfRange(all, r * v, (r + 1) * v);
    }
    return out;
  }

  private static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }
}
