package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.sampler.strategy.JobSession;
import dev.scalingar.sampler.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The replay must be what the engine would have produced: best-of-N's recorded signals, replayed
 * under termination_only's gate, end the same trajectories and select the same one as a real
 * termination_only session over the same logits (with a fixed CFG both draw the same grids).
 */
class GateReplayTest {

  static final int GRID = 8, VOCAB = 24, N = 8;

  /**
   * Logits as a function of (trajectory, step, previous token): trajectories 2 and 5 get flat
   * logits with cond = uncond (Hn = 1, m = 0, K = 0: their C sits low), the others noisy peaks.
   */
  static float[] logits(int trajectory, int step, int previous, boolean cond) {
    float[] l = new float[VOCAB];
    if (trajectory == 2 || trajectory == 5) {
      return l;
    }
    SplittableRandom r =
        new SplittableRandom(
            1_000_003L * trajectory + 7919L * step + 31L * previous + (cond ? 1 : 0));
    int favourite = (step + trajectory) % VOCAB;
    for (int k = 0; k < VOCAB; k++) {
      l[k] = (float) (r.nextGaussian() * 0.8 + (k == favourite ? (cond ? 6 : 4) : 0));
    }
    return l;
  }

  record Run(JobOutcome outcome, List<TraceRow> trace) {}

  static Run run(String strategy, SamplerConfig config) {
    JobSession session =
        Strategy.named(strategy)
            .start(SamplingJob.of(N, new Grid(GRID, GRID), VOCAB, 42, 2.0).withConfig(config));
    int[] previous = new int[N];
    List<TraceRow> trace = new ArrayList<>();
    while (!session.isDone()) {
      int step = session.nextStep();
      List<TrajectoryLogits> rows = new ArrayList<>();
      for (int n : session.liveTrajectories()) {
        rows.add(
            new TrajectoryLogits(
                n, logits(n, step, previous[n], true), 0, logits(n, step, previous[n], false), 0));
      }
      var result = session.step(new StepInput(rows));
      result.tokens().forEach(t -> previous[t.trajectory()] = t.token());
      trace.addAll(result.trace());
    }
    return new Run(session.finish(), trace);
  }

  @Test
  void theReplayEndsAndSelectsWhatTheSessionDoes() {
    for (SamplerConfig config :
        List.of(SamplerConfig.paperDefaults(), SamplerConfig.served(null))) {
      Run bon = run("bon", config);
      Run gated = run("termination_only", config);
      boolean[] correct = new boolean[N];
      correct[gated.outcome().selectedTrajectory()] = true;
      Signals signals = Signals.of(0, "single_object", N, GRID, GRID, bon.trace(), correct);
      GateReplay.Outcome replay = GateReplay.replay(signals, config);

      long endedEarly =
          gated.outcome().trajectories().stream().filter(t -> t.steps() < GRID * GRID).count();
      if (config.equals(SamplerConfig.served(null))) {
        assertThat(endedEarly)
            .as("the served gate prunes here, so the test means something")
            .isPositive();
      }
      assertThat(replay.survivors()).isEqualTo(N - (int) endedEarly);
      assertThat(replay.selected()).isEqualTo(gated.outcome().selectedTrajectory());
      assertThat(replay.visualTokens()).isEqualTo(gated.outcome().accounting().visualTokens());
      assertThat(replay.correct()).isTrue();
      assertThat(gated.outcome().trajectories())
          .extracting(TrajectorySummary::tokens)
          .allSatisfy(tokens -> assertThat(tokens).isNotNull());
    }
  }
}
