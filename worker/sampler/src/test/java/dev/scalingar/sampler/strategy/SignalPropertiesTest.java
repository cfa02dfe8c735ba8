package dev.scalingar.sampler.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.profile.Reference;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties over random logit streams: many seeds, tiny vocabularies (down to 2), −Infinity masks,
 * wild magnitudes, every strategy and both references. Every signal stays in its range and nothing
 * is NaN or infinite (except e before a block counts and theta before warm-up ends, which are NaN
 * by contract).
 */
class SignalPropertiesTest {

  private static ScriptedEngine.Script randomStream(long seed, double maskRate, double magnitude) {
    return (n, t, cond, uncond) -> {
      SplittableRandom r =
          new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L) ^ ((long) t << 32));
      double scale = magnitude * r.nextDouble();
      for (int i = 0; i < cond.length; i++) {
        uncond[i] = (float) (scale * r.nextGaussian());
        cond[i] = (float) (uncond[i] + scale * r.nextGaussian());
        if (r.nextDouble() < maskRate) cond[i] = Float.NEGATIVE_INFINITY;
        if (r.nextDouble() < maskRate) uncond[i] = Float.NEGATIVE_INFINITY;
      }
      int keep = r.nextInt(cond.length); // at least one token stays unmasked in both halves
      if (cond[keep] == Float.NEGATIVE_INFINITY) cond[keep] = 0f;
      if (uncond[keep] == Float.NEGATIVE_INFINITY) uncond[keep] = 0f;
    };
  }

  private static void assertUnit(String name, double v) {
    assertThat(v).as(name).isBetween(0.0, 1.0);
  }

  @Test
  void signalsStayInRangeAndFiniteOverManySeeds() {
    int[] vocabularies = {2, 3, 5, 16};
    double[] magnitudes = {0.01, 3, 80};
    int jobs = 0;
    for (long seed = 0; seed < 240; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int v = vocabularies[(int) (seed % vocabularies.length)];
      Grid grid = new Grid(2 + r.nextInt(4), 2 + r.nextInt(5));
      String name = Strategy.NAMES.get((int) (seed % Strategy.NAMES.size()));
      SamplerConfig config = SamplerConfig.paperDefaults();
      if (seed % 3 == 0) {
        config =
            config.withProfile(
                config
                    .profile()
                    .with(config.profile().block().withReference(Reference.ACROSS_TRAJECTORIES))
                    .with(
                        config
                            .profile()
                            .conditional()
                            .withReference(Reference.ACROSS_TRAJECTORIES)));
      }
      double topP = seed % 4 == 1 ? 0.8 : 1.0;
      int topK = seed % 5 == 2 ? 1 : 0;
      SamplingJob job =
          new SamplingJob(
              1 + r.nextInt(8),
              grid,
              v,
              seed,
              1 + 6 * r.nextDouble(),
              0.5 + r.nextDouble(),
              topK,
              topP,
              OptionalLong.empty(),
              config);
      JobSession session = Strategy.named(name).start(job);
      List<StepResult> results =
          ScriptedEngine.run(
              session, randomStream(seed, seed % 2 == 0 ? 0.3 : 0.0, magnitudes[(int) (seed % 3)]));
      for (StepResult result : results) {
        for (TraceRow row : result.trace()) check(row, job);
      }
      JobOutcome outcome = session.finish();
      assertThat(outcome.tokens()).hasSize(grid.length());
      assertThat(Double.isFinite(outcome.selectedConfidence())).isTrue();
      assertThat(outcome.accounting().visualTokens())
          .isLessThanOrEqualTo(outcome.accounting().fullBestOfNTokens());
      jobs++;
    }
    assertThat(jobs).isEqualTo(240);
  }

  private static void check(TraceRow row, SamplingJob job) {
    String at = "trajectory " + row.trajectory() + " step " + row.step() + ": ";
    assertThat(row.token()).as(at + "token").isBetween(0, job.vocabularySize() - 1);
    assertUnit(at + "Hn", row.hn());
    assertUnit(at + "m", row.m());
    assertUnit(at + "u", row.u());
    assertUnit(at + "stok", row.stok());
    if (!Double.isNaN(row.e())) assertUnit(at + "e", row.e());
    assertUnit(at + "B", row.b());
    assertUnit(at + "I", row.i());
    assertThat(row.k())
        .as(at + "K")
        .isGreaterThanOrEqualTo(0.0)
        .isLessThan(Double.POSITIVE_INFINITY);
    assertUnit(at + "D", row.d());
    assertUnit(at + "C", row.c());
    assertUnit(at + "Cmin", row.cmin());
    assertThat(row.cmin()).as(at + "Cmin ≤ C").isLessThanOrEqualTo(row.c());
    assertThat(row.r())
        .as(at + "R")
        .isGreaterThanOrEqualTo(0.0)
        .isLessThan(Double.POSITIVE_INFINITY);
    assertThat(Double.isInfinite(row.theta())).as(at + "theta").isFalse();
    assertThat(row.cfgScale()).as(at + "cfg").isBetween(1.0, 2 * job.baseCfgScale());
  }
}
