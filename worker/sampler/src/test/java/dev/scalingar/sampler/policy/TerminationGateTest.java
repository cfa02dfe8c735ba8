package dev.scalingar.sampler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Drives the gate with scripted C and R: 8 trajectories, L = 256, so W0 = 32 steps (0–31). */
class TerminationGateTest {

  private static final int N = 8;
  private static final int L = 256;
  private static final int[] ALL = {0, 1, 2, 3, 4, 5, 6, 7};

  private final TerminationGate gate = new TerminationGate(TerminationConfig.paperDefaults(), L, N);
  private final double[] c = new double[N];
  private final double[] r = new double[N];
  private final GateDecision[] out = new GateDecision[N];

  private GateDecision decide(int step, int[] live) {
    gate.decide(step, live, live.length, c, r, out);
    return out[0];
  }

  @Test
  void warmUpIsTwelveAndAHalfPercentOfL() {
    assertThat(gate.warmupSteps()).isEqualTo(32);
    assertThat(TerminationConfig.paperDefaults().warmupSteps(1024)).isEqualTo(128);
    assertThat(TerminationConfig.paperDefaults().warmupSteps(3)).isEqualTo(1);
  }

  @Test
  void nothingIsFlaggedOrTerminatedDuringWarmUp() {
    Arrays.fill(c, 0.8);
    c[0] = 0.0;
    for (int t = 0; t < 32; t++) {
      decide(t, ALL);
      for (int n : ALL) assertThat(out[n]).isEqualTo(GateDecision.NONE);
      if (t < 31) assertThat(gate.threshold()).isNaN();
    }
    // end of warm-up: theta = 0.2-quantile of {0, 0.8 ×7} = 0.8 (h = 1.4 lies among the 0.8s)
    assertThat(gate.threshold()).isCloseTo(0.8, within(1e-12));
    assertThat(decide(32, ALL)).isEqualTo(GateDecision.FLAGGED);
  }

  @Test
  void thresholdFollowsTheEmaOfTheQuantile() {
    for (int n : ALL) c[n] = 0.1 * n; // quantile: h = 1.4 → 0.1 + 0.4·0.1 = 0.14
    for (int t = 0; t < 32; t++) decide(t, ALL);
    double theta = 0.14;
    assertThat(gate.threshold()).isCloseTo(theta, within(1e-12));
    for (int t = 32; t < 40; t++) {
      for (int n : ALL) c[n] = 0.1 * n + 0.01 * (t - 31);
      double q = 0.14 + 0.01 * (t - 31);
      theta = 0.8 * theta + 0.2 * q;
      decide(t, ALL);
      assertThat(gate.threshold()).isCloseTo(theta, within(1e-12));
    }
  }

  @Test
  void aDipThatReboundsByFivePercentWithinProbationSurvives() {
    Arrays.fill(c, 0.8);
    for (int t = 0; t < 32; t++) decide(t, ALL);
    c[0] = 0.5;
    assertThat(decide(40, ALL)).isEqualTo(GateDecision.FLAGGED);
    for (int t = 41; t < 60; t++) assertThat(decide(t, ALL)).isEqualTo(GateDecision.NONE);
    r[0] = 0.05; // still below theta, but rebounding
    assertThat(decide(60, ALL)).isEqualTo(GateDecision.RECOVERED);
    assertThat(gate.isFlagged(0)).isFalse();
    r[0] = 0;
    // flagged afresh (C still below theta), not terminated at the old deadline
    assertThat(decide(61, ALL)).isEqualTo(GateDecision.FLAGGED);
    for (int t = 62; t < 93; t++) assertThat(decide(t, ALL)).isEqualTo(GateDecision.NONE);
  }

  @Test
  void crossingTheThresholdAlsoRecovers() {
    Arrays.fill(c, 0.8);
    for (int t = 0; t < 32; t++) decide(t, ALL);
    c[0] = 0.5;
    decide(32, ALL);
    c[0] = 0.9;
    assertThat(decide(33, ALL)).isEqualTo(GateDecision.RECOVERED);
  }

  @Test
  void stayingBelowThresholdForTheWholeProbationTerminatesExactlyAtItsEnd() {
    Arrays.fill(c, 0.8);
    for (int t = 0; t < 32; t++) decide(t, ALL);
    c[0] = 0.5;
    assertThat(decide(40, ALL)).isEqualTo(GateDecision.FLAGGED);
    for (int t = 41; t < 72; t++)
      assertThat(decide(t, ALL)).as("step %d", t).isEqualTo(GateDecision.NONE);
    assertThat(decide(72, ALL)).isEqualTo(GateDecision.TERMINATED); // 40 + 32
  }

  @Test
  void theLastLiveTrajectoryIsNeverTerminated() {
    // Two trajectories; the second falls far below θ and is terminated. The first then falls
    // below θ too, and stays there far past probation: it is flagged, but as the last one alive
    // it is never terminated (without the rule it would be, at flag + probation).
    int[] pair = {0, 1};
    c[0] = 0.8;
    c[1] = 0.8;
    int t = 0;
    for (; t < 40; t++) gate.decide(t, pair, 2, c, r, out);
    c[1] = 0.05;
    for (; t < 200 && out[1] != GateDecision.TERMINATED; t++) gate.decide(t, pair, 2, c, r, out);
    assertThat(out[1]).isEqualTo(GateDecision.TERMINATED);
    int[] alone = {0};
    c[0] = 0.05;
    boolean flagged = false;
    for (; t < L; t++) {
      GateDecision d = decide(t, alone);
      flagged |= d == GateDecision.FLAGGED;
      assertThat(d).as("step %d", t).isNotEqualTo(GateDecision.TERMINATED);
    }
    assertThat(flagged).as("the lone trajectory was below θ, so only the rule kept it").isTrue();
  }

  @Test
  void whenTwoExpireTogetherTheLowerGoesAndTheOtherIsHeldBackOnExpiredProbation() {
    // Eight live, at most one may go (minSurvivors 7). Trajectories 0 and 1 sit below θ from
    // step 32 on (θ settles at 0.5, then 0.4 once 1 has gone), so neither recovers on its own:
    // both expire at 32 + 32. The lower (1) is terminated; 0 is held back by the rule, stays
    // flagged, is a candidate every later step and is still not terminated; it can still recover.
    TerminationGate keepSeven =
        new TerminationGate(TerminationConfig.paperDefaults().withMinSurvivors(7), L, N);
    Arrays.fill(c, 0.8);
    for (int t = 0; t < 32; t++) keepSeven.decide(t, ALL, N, c, r, out);
    c[0] = 0.3;
    c[1] = 0.2;
    keepSeven.decide(32, ALL, N, c, r, out);
    assertThat(out[0]).isEqualTo(GateDecision.FLAGGED);
    assertThat(out[1]).isEqualTo(GateDecision.FLAGGED);
    for (int t = 33; t < 64; t++) {
      keepSeven.decide(t, ALL, N, c, r, out);
      assertThat(out[0]).as("step %d", t).isEqualTo(GateDecision.NONE);
      assertThat(out[1]).as("step %d", t).isEqualTo(GateDecision.NONE);
    }
    keepSeven.decide(64, ALL, N, c, r, out);
    assertThat(out[1]).isEqualTo(GateDecision.TERMINATED);
    assertThat(out[0])
        .as("held back: its termination would leave 6 < 7")
        .isEqualTo(GateDecision.NONE);
    assertThat(keepSeven.isFlagged(0)).as("held back on expired probation").isTrue();

    int[] seven = {0, 2, 3, 4, 5, 6, 7};
    for (int t = 65; t < 120; t++) {
      keepSeven.decide(t, seven, seven.length, c, r, out);
      assertThat(out[0]).as("step %d", t).isEqualTo(GateDecision.NONE);
      assertThat(keepSeven.isFlagged(0)).as("step %d", t).isTrue();
      assertThat(c[0])
          .as("still below θ at %d, so only the rule keeps it", t)
          .isLessThan(keepSeven.threshold());
    }
    r[0] = 0.05;
    keepSeven.decide(120, seven, seven.length, c, r, out);
    assertThat(out[0]).isEqualTo(GateDecision.RECOVERED);
    assertThat(keepSeven.isFlagged(0)).isFalse();
  }

  @Test
  void hardFailFloorAndProtectionHorizonAreOffByDefaultAndWorkWhenOn() {
    TerminationConfig on =
        TerminationConfig.paperDefaults().withHardFailFloor(0.1).withProtectionHorizon(10);
    TerminationGate strict = new TerminationGate(on, L, N);
    Arrays.fill(c, 0.8);
    for (int t = 0; t < 32; t++) strict.decide(t, ALL, N, c, r, out);
    c[0] = 0.05;
    strict.decide(32, ALL, N, c, r, out);
    assertThat(out[0]).isEqualTo(GateDecision.TERMINATED);
    c[1] = 0.5;
    strict.decide(33, ALL, N, c, r, out);
    assertThat(out[1]).isEqualTo(GateDecision.FLAGGED);
    r[1] = 1;
    strict.decide(34, ALL, N, c, r, out);
    assertThat(out[1]).isEqualTo(GateDecision.RECOVERED);
    r[1] = 0;
    for (int t = 35; t <= 44; t++) {
      strict.decide(t, ALL, N, c, r, out);
      assertThat(out[1]).as("protected at %d", t).isEqualTo(GateDecision.NONE);
    }
    strict.decide(45, ALL, N, c, r, out);
    assertThat(out[1]).isEqualTo(GateDecision.FLAGGED);
  }

  @Test
  void configRejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(
            () -> new TerminationConfig(0.125, 1.3, 0.2, 32, 0.05, 1, Double.NEGATIVE_INFINITY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("termination.quantile");
    assertThatThrownBy(() -> TerminationConfig.paperDefaults().withMinSurvivors(0))
        .hasMessageContaining("termination.minSurvivors");
  }

  @Test
  void quantileInterpolatesLinearly() {
    assertThat(Quantile.of(new double[] {3, 1, 2, 4}, 4, 0.5)).isEqualTo(2.5);
    assertThat(Quantile.of(new double[] {5}, 1, 0.2)).isEqualTo(5);
    assertThat(Quantile.of(new double[] {0, 10}, 2, 0.2)).isCloseTo(2, within(1e-12));
  }
}
