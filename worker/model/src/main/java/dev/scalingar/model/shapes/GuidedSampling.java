package dev.scalingar.model.shapes;

import dev.scalingar.engine.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plain classifier-free-guided sampling, batched: many trajectories, same CFG scale, temperature 1,
 * no pruning. It measures the model itself (base accuracy, oracle best-of-N) without the ScalingAR
 * sampler, so a weak model cannot hide behind test-time scaling.
 */
public final class GuidedSampling {

  private GuidedSampling() {}

  /** One trajectory to sample: a prompt and a seed. */
  public record Request(String prompt, long seed) {}

  /** Samples a token grid for each request, {@code batch} trajectories at a time (2 rows each). */
  public static List<int[]> sample(
      ImageModel model, List<Request> requests, double cfg, int batch) {
    int l = model.info().totalSteps();
    int v = model.info().vocabSize();
    List<int[]> grids = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += batch) {
      List<Request> chunk = requests.subList(from, Math.min(requests.size(), from + batch));
      int n = chunk.size();
      List<ImageModel.Prefill> prefill = new ArrayList<>();
      SplittableRandom[] random = new SplittableRandom[n];
      int[][] grid = new int[n][l];
      for (int i = 0; i < n; i++) {
        prefill.add(
            new ImageModel.Prefill(new ImageModel.Rows(2 * i, 2 * i + 1), chunk.get(i).prompt()));
        random[i] = new SplittableRandom(chunk.get(i).seed());
      }
      ImageModel.GuidedLogits logits = model.prefill(prefill);
      for (int t = 0; t < l; t++) {
        List<ImageModel.Decode> decode = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          grid[i][t] = draw(logits.cond()[i], logits.uncond()[i], cfg, v, random[i]);
          decode.add(new ImageModel.Decode(new ImageModel.Rows(2 * i, 2 * i + 1), t, grid[i][t]));
        }
        if (t < l - 1) {
          logits = model.step(decode);
        }
      }
      for (int[] g : grid) {
        grids.add(g);
      }
    }
    return grids;
  }

  /** A draw from softmax(lu + s·(lc − lu)). */
  static int draw(float[] lc, float[] lu, double s, int v, SplittableRandom random) {
    double[] p = new double[v];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v; k++) {
      p[k] = lu[k] + s * (lc[k] - lu[k]);
      max = Math.max(max, p[k]);
    }
    double sum = 0;
    for (int k = 0; k < v; k++) {
      p[k] = Math.exp(p[k] - max);
      sum += p[k];
    }
    double u = random.nextDouble() * sum;
    for (int k = 0; k < v; k++) {
      u -= p[k];
      if (u <= 0) {
        return k;
      }
    }
    return v - 1;
  }
}
