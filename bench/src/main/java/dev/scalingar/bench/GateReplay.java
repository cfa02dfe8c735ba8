package dev.scalingar.bench;

import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.policy.GateDecision;
import dev.scalingar.sampler.policy.TerminationGate;
import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.profile.ConfidenceState;
import dev.scalingar.sampler.profile.JobConclusion;
import java.util.Arrays;

/**
 * {@code termination_only} replayed offline on recorded best-of-N signals: the sampler's own
 * profile and gate classes, stepped in the order the session steps them: observe, then the
 * session's own {@link JobConclusion} (B and D against their references, conclude, calibration),
 * gate, restart Cmin on a flag. With a fixed CFG the trajectories are the same grids best-of-N
 * drew, so the replay's selection and tokens are what the engine would have produced, at a
 * millionth of the cost; that is what makes tuning the CHOICEs on the dev set affordable here. (The
 * guidance scheduler changes the grids, so full ScalingAR cannot be replayed.)
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
    ConfidenceProfile[] profiles = new ConfidenceProfile[n];
    for (int j = 0; j < n; j++)
      profiles[j] = new ConfidenceProfile(config.profile(), s.gridHeight(), s.gridWidth());
    TerminationGate gate = new TerminationGate(config.termination(), length, n);
    int[] live = new int[n];
    for (int j = 0; j < n; j++) live[j] = j;
    int liveCount = n;
    double[] c = new double[n], r = new double[n], sumC = new double[n];
    int[] steps = new int[n];
    GateDecision[] decisions = new GateDecision[n];
    JobConclusion conclusion = new JobConclusion(config.profile());
    for (int t = 0; t < length; t++) {
      for (int a = 0; a < liveCount; a++) {
        int j = live[a];
        profiles[j].observe(
            t, s.hn()[j][t], s.margin()[j][t], s.divergence()[j][t], s.surprisal()[j][t]);
        steps[j]++;
      }
      conclusion.conclude(j -> profiles[j], live, liveCount);
      for (int a = 0; a < liveCount; a++) {
        int j = live[a];
        ConfidenceState st = profiles[j].state();
        c[j] = st.c();
        r[j] = st.r();
        sumC[j] += st.c();
      }
      gate.decide(t, live, liveCount, c, r, decisions);
      int kept = 0;
      for (int a = 0; a < liveCount; a++) {
        int j = live[a];
        if (decisions[j] == GateDecision.FLAGGED) profiles[j].restartMinimum();
        if (decisions[j] != GateDecision.TERMINATED) live[kept++] = j;
      }
      liveCount = kept;
    }
    int selected = live[0];
    for (int a = 1; a < liveCount; a++) if (c[live[a]] > c[selected]) selected = live[a];
    boolean regret = false;
    if (!s.correct()[selected]) {
      int[] survivors = Arrays.copyOf(live, liveCount);
      for (int j = 0; j < n; j++) {
        int jj = j;
        if (s.correct()[j] && Arrays.stream(survivors).noneMatch(x -> x == jj)) regret = true;
      }
    }
    double[] mean = new double[n];
    for (int j = 0; j < n; j++) mean[j] = sumC[j] / steps[j];
    return new Outcome(
        selected,
        s.correct()[selected],
        Arrays.stream(steps).sum(),
        liveCount,
        regret,
        c.clone(),
        mean);
  }
}
