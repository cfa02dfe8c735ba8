package dev.scalingar.sampler.strategy;

import static dev.scalingar.sampler.strategy.ShadowRegretPinTest.N;
import static dev.scalingar.sampler.strategy.ShadowRegretPinTest.SIDE;
import static dev.scalingar.sampler.strategy.ShadowRegretPinTest.VOCAB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TraceEvent;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.sampler.policy.GateDecision;
import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.profile.ConfidenceState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's use of {@link GateStage} and the served session's agree: best-of-N's recorded
 * signals, replayed step by step by a gated stage as the bench's gate replay replays them, must
 * give what a {@code termination_only} session over the same logits gives (with a fixed CFG both
 * draw best-of-N's grids): the same trajectories stepped, the same gate events at the same steps,
 * the same B, D, C, Cmin, R and θ to the bit, the same survivors, steps and selection. A session
 * that did anything of the step in another order around the stage (concluded, gated, restarted a
 * minimum or retired a trajectory differently) shows here as a step whose values differ.
 */
class GateStageReplayTest {

  private static final int LENGTH = SIDE * SIDE;

  /** What best-of-N's trace recorded of every trajectory-step: all a profile observes. */
  private record Recorded(double[][] hn, double[][] m, double[][] k, double[][] s)
      implements GateStage.Recording {

    static Recorded of(List<StepResult> bestOfN) {
      Recorded r =
          new Recorded(
              new double[N][LENGTH],
              new double[N][LENGTH],
              new double[N][LENGTH],
              new double[N][LENGTH]);
      for (StepResult step : bestOfN) {
        for (TraceRow row : step.trace()) {
          r.hn[row.trajectory()][row.step()] = row.hn();
          r.m[row.trajectory()][row.step()] = row.m();
          r.k[row.trajectory()][row.step()] = row.k();
          r.s[row.trajectory()][row.step()] = row.surprisal();
        }
      }
      return r;
    }

    @Override
    public void observe(int n, int t, ConfidenceProfile profile) {
      profile.observe(t, hn[n][t], m[n][t], k[n][t], s[n][t]);
    }
  }

  private static JobSession start(String strategy, SamplerConfig config, long seed) {
    return Strategy.named(strategy)
        .start(SamplingJob.of(N, new Grid(SIDE, SIDE), VOCAB, seed, 2.0).withConfig(config));
  }

  private static void assertReplayIsSession(String label, SamplerConfig config, long seed) {
    Recorded recorded =
        Recorded.of(ScriptedEngine.run(start("bon", config, seed), ShadowRegretPinTest::logits));
    JobSession session = start("termination_only", config, seed);
    List<StepResult> served = ScriptedEngine.run(session, ShadowRegretPinTest::logits);
    JobOutcome outcome = session.finish();
    assertThat(outcome.trajectories())
        .as(label + ": the gate must end someone, or nothing is compared")
        .anyMatch(t -> t.end() == EndReason.TERMINATED);

    GateStage replay = GateStage.replaying(config, SIDE, SIDE, N);
    int[] steps = new int[N];
    for (int t = 0; t < LENGTH; t++) {
      int[] stepped = replay.replay(t, recorded);
      List<TraceRow> rows = served.get(t).trace();
      assertThat(stepped)
          .as(label + " step " + t + ": trajectories stepped")
          .containsExactly(rows.stream().mapToInt(TraceRow::trajectory).toArray());
      for (TraceRow row : rows) {
        int n = row.trajectory();
        steps[n]++;
        ConfidenceState s = replay.state(n);
        String at = label + " step " + t + " trajectory " + n;
        assertThat(new double[] {s.b(), s.d(), s.c(), s.cmin(), s.r(), replay.threshold()})
            .as(at + ": B, D, C, Cmin, R, θ")
            .containsExactly(row.b(), row.d(), row.c(), row.cmin(), row.r(), row.theta());
        if (row.event() != TraceEvent.SELECTED) { // the session's own event for its choice
          assertThat(event(replay.decision(n))).as(at + ": event").isEqualTo(row.event());
        }
      }
    }
    assertThat(replay.mostConfident())
        .as(label + ": selected")
        .isEqualTo(outcome.selectedTrajectory());
    assertThat(replay.live())
        .as(label + ": survivors")
        .containsExactly(
            outcome.trajectories().stream()
                .filter(t -> t.end() == EndReason.FINISHED)
                .mapToInt(TrajectorySummary::trajectory)
                .toArray());
    assertThat(steps)
        .as(label + ": steps run")
        .containsExactly(
            outcome.trajectories().stream().mapToInt(TrajectorySummary::steps).toArray());
  }

  private static TraceEvent event(GateDecision d) {
    return switch (d) {
      case NONE -> TraceEvent.NONE;
      case FLAGGED -> TraceEvent.FLAGGED;
      case RECOVERED -> TraceEvent.RECOVERED;
      case TERMINATED -> TraceEvent.TERMINATED;
    };
  }

  @Test
  void replayedSignalsStepAsTheServedSessionWithOwnHistoryReferences() {
    assertReplayIsSession("paper", ShadowRegretPinTest.paperShortProbation(), 42);
  }

  @Test
  void replayedSignalsStepAsTheServedSessionWithReferencesAcrossTrajectories() {
    // B and D read the live set: a retirement a step off in either moves every survivor's C
    assertReplayIsSession("across", ShadowRegretPinTest.acrossTrajectories(), 7);
  }

  @Test
  void replayedSignalsStepAsTheServedSessionWithAJobRelativeCalibration() {
    // the calibration's offsets read the live set too
    assertReplayIsSession("calibrated", SamplerConfig.served(ShadowRegretPinTest.JOB_RELATIVE), 3);
  }
}
