package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.schemas.OutputSchemas;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetBenchTest {

  @Test
  void nearestRankPercentiles() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(FleetBench.percentile(v, 0.5)).isEqualTo(5);
    assertThat(FleetBench.percentile(v, 0.95)).isEqualTo(10);
    assertThat(FleetBench.percentile(new double[] {3}, 0.95)).isEqualTo(3);
    assertThat(FleetBench.percentile(new double[0], 0.5)).isNaN();
  }

  @Test
  void everyConfigurationRunsTheSameJobsAndStaticBatchesNeverBeatRefillOnUtilisation(
      @TempDir Path out) throws Exception {
    try (TransformerImageModel model =
        ShapesModels.loadShipped(8, Device.cpu())) { // 4 slots: 2 jobs of N = 2 at once
      FleetBench.Result r = FleetBench.run(model, "dev", 5, 2, 1, out, done -> {});
      assertThat(r.rows())
          .extracting(FleetBench.Row::name)
          .containsExactly(
              "scalingar_refill",
              "scalingar_static",
              "bon_static",
              "scalingar_paper_refill",
              "scalingar_adaptive");
      assertThat(r.rows())
          .allSatisfy(
              row -> {
                assertThat(row.jobs()).isEqualTo(5);
                assertThat(row.utilisation()).isBetween(0.0, 1.0);
                assertThat(row.p95Seconds()).isGreaterThanOrEqualTo(row.p50Seconds());
                // two rounds by default, and jobs/min is the jobs over their mean makespan
                assertThat(row.jobsPerMinuteByRound())
                    .hasSize(2)
                    .allSatisfy(v -> assertThat(v).isPositive());
                assertThat(row.jobsPerMinute())
                    .isCloseTo(row.jobs() * 60.0 / row.makespanSeconds(), within(1e-9));
              });
      assertThat(r.rounds()).isEqualTo(FleetBench.DEFAULT_ROUNDS).isEqualTo(2);
      FleetBench.Row refill = r.rows().get(0), fixed = r.rows().get(1), bon = r.rows().get(2);
      // the tuned gate prunes one of each job's two trajectories; refill gives its slot to the next
      // job, static batches leave it idle, so refill needs fewer engine steps for the same jobs
      assertThat(refill.tokensPerJob()).isLessThan(bon.tokensPerJob());
      assertThat(refill.steps()).isLessThan(fixed.steps());
      assertThat(refill.utilisation()).isGreaterThan(fixed.utilisation());
      assertThat(bon.tokensPerJob()).isEqualTo(2.0 * model.info().totalSteps());
      // The cost-aware row serves the same jobs with the same gate: its tokens are refill's.
      FleetBench.Row adaptive = r.rows().get(4);
      assertThat(adaptive.tokensPerJob()).isEqualTo(refill.tokensPerJob());
      assertThat(r.adaptiveOverBest()).isPositive();
      // The cost line prices what ran: best-of-N decodes every trajectory to the end in the same
      // lockstep calls where the gate has pruned, so it costs more per job.
      assertThat(bon.predictedCostPerJob()).isGreaterThan(fixed.predictedCostPerJob()).isPositive();
      assertThat(r.predictedAdaptiveOverBest()).isPositive();
      // The planner the engine ran with is recorded, for simulate-fleet's validation.
      assertThat(r.decodeGroups()).isEqualTo(DecodeGroups.CPU.spec());
      assertThat(r.prefill()).isEqualTo("fused");
      // a line fitted to the run's own lockstep steps, for the validation to time by
      assertThat(r.lockstepLine()).isNotNull();
      assertThat(r.lockstepLine().steps()).isGreaterThanOrEqualTo(LockstepLine.MIN_STEPS);
      assertThat(r.lockstepLine().prefix()).isEqualTo(model.transformer().args().clsTokenNum());
      assertThat(DecodeGroups.parse(r.decodeGroups())).isEqualTo(DecodeGroups.CPU);
      assertThat(out.resolve("fleet.json")).isNotEmptyFile();
      assertThat(
              OutputSchemas.check(
                  "fleet", ResultsStore.JSON.readTree(out.resolve("fleet.json").toFile())))
          .as("fleet.json against docs/outputs.md")
          .isEmpty();
      assertThat(out.resolve("fleet.png")).isNotEmptyFile();
    }
  }
}
