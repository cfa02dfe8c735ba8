package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.schemas.OutputSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --limit 6} end to end on the shipped model (N = 2 to stay quick on CI): every arm, a
 * sweep point and the regret, then a resume that adds nothing, and the same records again from a
 * fresh run and from an interrupted one (results do not depend on timing).
 */
class BenchEndToEndTest {

  private static TransformerImageModel model;

  @BeforeAll
  static void load() {
    model = ShapesModels.loadShipped(16, Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static BenchOptions options(List<String> strategies, List<Double> sweep) {
    return new BenchOptions(
        "eval",
        6,
        List.of(),
        2,
        strategies,
        sweep,
        true,
        3,
        16,
        List.of(),
        SamplerConfig.paperDefaults());
  }

  @Test
  void limitSixRunsEveryArmWritesTheReportAndResumes(@TempDir Path out) throws Exception {
    BenchOptions options = options(BenchPlan.ARMS, List.of(0.5));
    Report report =
        Bench.run(
            options, model, model.cacheBytesPerRow(), out, false, new BenchRunner.Listener() {});

    // six prompts, one of each task (the set is sorted by task; --limit takes them round-robin)
    assertThat(report.prompts()).isEqualTo(6);
    List<String> arms = report.arms().stream().map(Report.ArmSummary::arm).toList();
    assertThat(arms).containsAll(BenchPlan.ARMS).contains("scalingar_p0.50");
    for (Report.ArmSummary a : report.arms()) {
      assertThat(a.prompts()).as(a.arm()).isEqualTo(6);
      assertThat(a.perTask()).as(a.arm()).hasSize(6);
      assertThat(a.overall().low()).isLessThanOrEqualTo(a.overall().accuracy());
      assertThat(a.overall().high()).isGreaterThanOrEqualTo(a.overall().accuracy());
    }
    int length = model.info().totalSteps();
    assertThat(report.arm("base").tokensPerImage()).isEqualTo(length);
    assertThat(report.arm("bon").tokensPerImage()).isEqualTo(2.0 * length);
    assertThat(report.arm("bon").tokensVsBon()).isEqualTo(1.0);
    assertThat(report.arm("oracle_bon").overall().accuracy())
        .isGreaterThanOrEqualTo(report.arm("bon").overall().accuracy());
    assertThat(report.arm("scalingar").vsBase().prompts()).isEqualTo(6);
    assertThat(report.arm("scalingar").tokensPerImage()).isBetween((double) length, 2.0 * length);

    JsonNode json = ResultsStore.JSON.readTree(out.resolve("report.json").toFile());
    assertThat(json.get("arms").size()).isEqualTo(report.arms().size());
    assertThat(json.get("arms").get(0).has("tokens_vs_bon")).isTrue();
    assertThat(OutputSchemas.check("report", json))
        .as("report.json against docs/outputs.md")
        .isEmpty();
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md)
        .contains(
            "## Table 1", "## Table 2", "## Table 4", "## Table 5", "0.34 / 0.21 / 0.04 / 0.32");
    assertThat(out.resolve(ReportPlots.ACCURACY_VS_TOKENS)).isNotEmptyFile();
    assertThat(out.resolve(ReportPlots.PER_TASK)).isNotEmptyFile();
    assertThat(out.resolve(ReportPlots.QUANTILE_SWEEP)).isNotEmptyFile();
    assertThat(
            Files.list(out)
                .filter(p -> p.getFileName().toString().startsWith("confidence-scalingar-"))
                .count())
        .isEqualTo(Bench.CURVES);

    // a resumed run has nothing left to do: the results stay as they are
    String results = Files.readString(out.resolve("results.jsonl"));
    int[] planned = new int[2];
    Bench.run(
        options,
        model,
        model.cacheBytesPerRow(),
        out,
        false,
        new BenchRunner.Listener() {
          @Override
          public void planned(int totalJobs, int alreadyDone) {
            planned[0] = totalJobs;
            planned[1] = alreadyDone;
          }
        });
    assertThat(planned[1]).isEqualTo(planned[0]);
    assertThat(Files.readString(out.resolve("results.jsonl"))).isEqualTo(results);

    // other settings in the same folder are refused, readably
    assertThatThrownBy(
            () ->
                Bench.run(
                    options(List.of("base"), List.of()).withSeed(4),
                    model,
                    0,
                    out,
                    false,
                    new BenchRunner.Listener() {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other settings")
        .hasMessageContaining("--fresh");
  }

  @Test
  void sameSeedsGiveTheSameRecordsAndAnInterruptedRunCompletes(
      @TempDir Path a, @TempDir Path b, @TempDir Path c) throws Exception {
    BenchOptions options = options(List.of("base", "scalingar_tuned"), List.of());
    Bench.run(options, model, model.cacheBytesPerRow(), a, false, new BenchRunner.Listener() {});
    Bench.run(options, model, model.cacheBytesPerRow(), b, false, new BenchRunner.Listener() {});
    assertThat(withoutTimings(b)).isEqualTo(withoutTimings(a));
    // c: only base first (as if interrupted after it), then the rest on resume
    Bench.run(
        options(List.of("base"), List.of()), model, 0, c, false, new BenchRunner.Listener() {});
    Bench.run(options, model, 0, c, false, new BenchRunner.Listener() {});
    assertThat(withoutTimings(c)).isEqualTo(withoutTimings(a));
  }

  /** The records with their timing fields zeroed, as a set of lines. */
  private static Set<String> withoutTimings(Path dir) throws Exception {
    ResultsStore store = ResultsStore.open(dir, settingsOf(dir), false);
    return store.jobs().stream()
        .map(
            r ->
                new JobRecord(
                    r.arm(),
                    r.run(),
                    r.prompt(),
                    r.task(),
                    r.correct(),
                    r.selected(),
                    r.visualTokens(),
                    r.rowSteps(),
                    r.fullBestOfNTokens(),
                    r.survivors(),
                    r.trajectories(),
                    0,
                    0))
        .map(
            r -> {
              try {
                return ResultsStore.JSON.writeValueAsString(r);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .collect(Collectors.toSet());
  }

  private static ResultsStore.Settings settingsOf(Path dir) throws Exception {
    return ResultsStore.JSON.readValue(
        dir.resolve("bench.json").toFile(), ResultsStore.Settings.class);
  }
}
