package dev.scalingar.bench;

import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.strategy.GateStage;
import java.util.Arrays;

/**
 * {@code termination_only} replayed offline on recorded best-of-N signals: the sampler's own
 * profiles and gate, stepped by the session's own {@link GateStage} (observe, conclude with B and D
 * against their references and the calibration, gate, restart Cmin on a flag, retire the
 * terminated), only observing what best-of-N recorded instead of sampling. With a fixed CFG the
 * trajectories are the same grids best-of-N drew, so the replay's selection and tokens are what the
 * engine would have produced, at a millionth of the cost; that is what makes tuning the CHOICEs on
 * the dev set affordable here. (The guidance scheduler changes the grids, so full ScalingAR cannot
 * be replayed.)
 */
final class GateReplay {

  /** One job replayed: the selected trajectory, whether it is right, its visual tokens. */
  record Outcome(
      int selected,
      boolean correct,
      long visualTokens,
      int survivors,
      boolean regret,
      double[] finalConfidence,
      double[] meanConfidence) {}

  private GateReplay() {}

  static Outcome replay(Signals s, SamplerConfig config) {
    int n = s.trajectories(), length = s.length();
    GateStage stage = GateStage.replaying(config, s.gridHeight(), s.gridWidth(), n);
    double[] sumC = new double[n];
    int[] steps = new int[n];
    for (int t = 0; t < length; t++) {
      for (int j : stage.replay(t, s)) {
        steps[j]++;
        sumC[j] += stage.confidence(j);
      }
    }
    int selected = stage.mostConfident();
    int[] survivors = stage.live();
    boolean regret = false;
    if (!s.correct()[selected]) {
      for (int j = 0; j < n; j++) {
        int jj = j;
        if (s.correct()[j] && Arrays.stream(survivors).noneMatch(x -> x == jj)) regret = true;
      }
    }
    double[] last = new double[n], mean = new double[n];
    for (int j = 0; j < n; j++) {
      last[j] = stage.confidence(j);
      mean[j] = sumC[j] / steps[j];
    }
    return new Outcome(
        selected,
        s.correct()[selected],
        Arrays.stream(steps).sum(),
        survivors.length,
        regret,
        last,
        mean);
  }
}
