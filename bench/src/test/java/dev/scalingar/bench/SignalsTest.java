package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.profile.Feature;
import dev.scalingar.sampler.profile.ProfileConfig;
import dev.scalingar.schemas.OutputSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instrument's arithmetic on small fixed inputs, the calibrator on known data, and a tiny run
 * end to end.
 */
class SignalsTest {

  @Test
  void withinJobAucCountsOrderedPairsAndTiesHalf() {
    // right: 0 (0.9), 2 (0.5); wrong: 1 (0.5), 3 (0.1) → pairs (0,1) win, (0,3) win, (2,1) tie,
    // (2,3) win
    WithinJobAuc.Tally t =
        WithinJobAuc.tally(
            new double[] {0.9, 0.5, 0.5, 0.1}, new boolean[] {true, false, true, false});
    assertThat(t.pairs()).isEqualTo(4);
    assertThat(t.wins()).isEqualTo(3.5);
    // a job with only right images adds no pairs; pooling weights jobs by their pairs
    WithinJobAuc.Tally none = WithinJobAuc.tally(new double[] {1, 2}, new boolean[] {true, true});
    WithinJobAuc.Tally lost = WithinJobAuc.tally(new double[] {0, 1}, new boolean[] {true, false});
    assertThat(none.pairs()).isZero();
    assertThat(WithinJobAuc.pooled(List.of(t, none, lost))).isEqualTo(3.5 / 5);
    assertThat(WithinJobAuc.pooled(List.of(none))).isNaN();
  }

  @Test
  void theBootstrapIntervalResamplesJobsAndIsReproducible() {
    List<WithinJobAuc.Tally> same =
        List.of(
            new WithinJobAuc.Tally(3, 4),
            new WithinJobAuc.Tally(3, 4),
            new WithinJobAuc.Tally(3, 4));
    WithinJobAuc.Estimate flat = WithinJobAuc.estimate(same, 200, 1);
    assertThat(flat.low()).isEqualTo(0.75);
    assertThat(flat.high()).isEqualTo(0.75);
    List<WithinJobAuc.Tally> mixed =
        List.of(
            new WithinJobAuc.Tally(4, 4),
            new WithinJobAuc.Tally(0, 4),
            new WithinJobAuc.Tally(2, 4),
            new WithinJobAuc.Tally(3, 4));
    WithinJobAuc.Estimate e = WithinJobAuc.estimate(mixed, 2000, 7);
    assertThat(e.auc()).isEqualTo(9.0 / 16);
    assertThat(e.low()).isLessThan(e.auc()).isGreaterThanOrEqualTo(0);
    assertThat(e.high()).isGreaterThan(e.auc()).isLessThanOrEqualTo(1);
    assertThat(WithinJobAuc.estimate(mixed, 2000, 7)).isEqualTo(e);
    assertThat(WithinJobAuc.percentile(new double[] {1, 2, 3, 4, 5}, 5, 0.5)).isEqualTo(3);
    assertThat(WithinJobAuc.percentile(new double[] {0, 10}, 2, 0.25)).isEqualTo(2.5);
  }

  @Test
  void theCalibratorsFitRecoversKnownCoefficients() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 40_000;
    double[][] x = new double[n][2];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      double p = LogisticFit.sigmoid(-0.5 + 1.5 * x[i][0] - 0.8 * x[i][1]);
      y[i] = r.nextDouble() < p;
    }
    LogisticFit.Model m = LogisticFit.fit(x, y, 0);
    assertThat(m.coefficients()[0]).isCloseTo(1.5, within(0.06));
    assertThat(m.coefficients()[1]).isCloseTo(-0.8, within(0.05));
    assertThat(m.intercept()).isCloseTo(-0.5, within(0.04));
    // deterministic, and the ridge shrinks the coefficients but not the intercept's role
    assertThat(LogisticFit.fit(x, y, 0)).usingRecursiveComparison().isEqualTo(m);
    LogisticFit.Model ridged = LogisticFit.fit(x, y, 5000);
    assertThat(Math.abs(ridged.coefficients()[0])).isLessThan(Math.abs(m.coefficients()[0]));
  }

  @Test
  void benchSignalsLimitFourRunsEndToEndAndReanalysesFromTheCache(@TempDir Path out)
      throws Exception {
    BenchOptions options =
        new BenchOptions(
            "dev",
            4,
            List.of(),
            4,
            List.of("bon", "oracle_bon"),
            List.of(),
            false,
            1,
            16,
            List.of(),
            SamplerConfig.paperDefaults());
    SignalAnalysis.Result result;
    try (TransformerImageModel model = ShapesModels.loadShipped(16, Device.cpu())) {
      result =
          SignalsBench.run(
              options,
              model,
              model.cacheBytesPerRow(),
              out,
              ProfileConfig.paperDefaults(),
              null,
              new BenchRunner.Listener() {});
      assertThat(result.jobs()).isEqualTo(4);
      assertThat(result.length()).isEqualTo(model.info().totalSteps());
      // the recording is what the next run reads: no sampling, the same figures
      long recorded = Files.list(out.resolve("signals")).count();
      assertThat(recorded).isEqualTo(4);
      SignalAnalysis.Result again =
          SignalsBench.run(
              options,
              model,
              model.cacheBytesPerRow(),
              out,
              ProfileConfig.paperDefaults(),
              null,
              new BenchRunner.Listener() {
                @Override
                public void finished(
                    dev.scalingar.engine.StepReport.Finished<BenchRunner.Prompt> job,
                    List<JobRecord> records) {
                  throw new AssertionError("nothing should be sampled again");
                }
              });
      assertThat(again.signals()).isEqualTo(result.signals());

      // bench-tune replays its candidates on the same recording (nothing sampled again)
      GateTuning.run(
          options,
          model,
          model.cacheBytesPerRow(),
          out,
          GateTuning.defaultCandidates(),
          new BenchRunner.Listener() {});
      assertThat(
              OutputSchemas.check(
                  "tuning", ResultsStore.JSON.readTree(out.resolve("tuning.json").toFile())))
          .as("tuning.json against docs/outputs.md")
          .isEmpty();
    }
    JsonNode json = ResultsStore.JSON.readTree(out.resolve(SignalsReport.JSON).toFile());
    assertThat(json.get("set").asText()).isEqualTo("dev");
    assertThat(json.get("jobs").asInt()).isEqualTo(4);
    JsonNode first = json.get("signals").get(0);
    assertThat(
            first.has("name")
                && first.has("prefix")
                && first.has("auc")
                && first.has("low")
                && first.has("high")
                && first.has("per_task"))
        .isTrue();
    assertThat(OutputSchemas.check("signals", json))
        .as("signals.json against docs/outputs.md")
        .isEmpty();
    assertThat(json.get("signals").size())
        .isEqualTo(SignalAnalysis.candidates(false).size() * SignalAnalysis.PREFIXES.size());
    assertThat(Files.readString(out.resolve(SignalsReport.MARKDOWN)))
        .contains("−surprisal_rel_mean", "12.5 % of L");
    assertThat(out.resolve(SignalsReport.PLOT)).isNotEmptyFile();

    // the calibrator fits on the same recording, deterministically, with job-relative features
    Calibrator.Fit fit = SignalsBench.calibrate(out, "t", "sha");
    assertThat(fit.calibration().features()).isEqualTo(Calibrator.FEATURES);
    assertThat(fit.calibration().jobRelative()).isTrue();
    assertThat(fit.devAuc()).containsKeys(0.125, 0.25, 0.5, 1.0);
    assertThat(SignalsBench.calibrate(out, "t", "sha").calibration()).isEqualTo(fit.calibration());
    // as ./scalingar calibrate writes it, and as the worker reads it back
    Path file = out.resolve("t.calibration.json");
    fit.file("shapes-v1", out.toString()).write(file);
    assertThat(OutputSchemas.check("calibration", ResultsStore.JSON.readTree(file.toFile())))
        .as("the calibration file against docs/outputs.md")
        .isEmpty();
    assertThat(dev.scalingar.model.calibration.CalibrationFile.read(file).calibration())
        .isEqualTo(fit.calibration());
    assertThat(Feature.values()).contains(Feature.SURPRISAL_REL_MEAN);
  }
}
