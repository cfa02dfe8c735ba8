package dev.scalingar.sampler.bench;

import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.strategy.JobSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A pool of pre-drawn logit rows the benchmarks feed the sampler: unconditional logits Gaussian (σ
 * = 3), conditional ones that plus a Gaussian difference (σ = 1), so memory traffic resembles a
 * real step's. Row {@code i} of each is one trajectory's half.
 */
final class GaussianLogits {

  final float[][] cond;
  final float[][] uncond;
  private int cursor;

  GaussianLogits(int rows, int vocabulary, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    cond = new float[rows][vocabulary];
    uncond = new float[rows][vocabulary];
    for (int p = 0; p < rows; p++) {
      for (int v = 0; v < vocabulary; v++) {
        uncond[p][v] = (float) (3 * random.nextGaussian());
        cond[p][v] = uncond[p][v] + (float) random.nextGaussian();
      }
    }
  }

  /**
   * One step's input for a session's live trajectories: each its next row of the pool, staggered by
   * trajectory so that the rows of one step differ.
   */
  StepInput stepFor(JobSession session) {
    int[] live = session.liveTrajectories();
    List<TrajectoryLogits> rows = new ArrayList<>(live.length);
    for (int n : live) {
      int p = Math.floorMod(cursor++ + 13 * n, cond.length);
      rows.add(new TrajectoryLogits(n, cond[p], uncond[p]));
    }
    return new StepInput(rows);
  }
}
