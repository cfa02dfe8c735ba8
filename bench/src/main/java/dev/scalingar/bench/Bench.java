package dev.scalingar.bench;

import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import dev.scalingar.worker.ServedSampler;
import dev.scalingar.worker.results.ConfidencePlot;
import dev.scalingar.worker.results.ResultWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code ./scalingar bench}: runs the plan (resuming what the output folder already holds), then
 * writes {@code report.json}, {@code report.md} and the plots from everything recorded there.
 */
public final class Bench {

  /** Confidence curves are drawn for this many of ScalingAR's jobs. */
  static final int CURVES = 3;

  private Bench() {}

  /** Runs what is missing and writes the report; returns it. */
  public static Report run(
      BenchOptions options,
      ImageModel model,
      long kvBytesPerRow,
      Path out,
      boolean fresh,
      BenchRunner.Listener listener)
      throws IOException {
    ResultsStore store =
        ResultsStore.open(
            out, new ResultsStore.Settings(options.fingerprint(), model.info().name()), fresh);
    // scalingar is exactly what a worker serves this model with: its shipped calibration, the
    // chosen gate
    SamplerConfig served = ServedSampler.load("shipped", model).served();
    BenchPlan plan =
        BenchPlan.of(
            options.strategies(), options.sweep(), options.config(), served, options.regret());
    List<BenchRunner.Prompt> prompts = BenchRunner.prompts(options);
    List<Integer> curvePrompts =
        prompts.stream().limit(CURVES).map(BenchRunner.Prompt::index).toList();
    BenchRunner runner =
        new BenchRunner(model, ImageTokenizer.shipped(), options, store, kvBytesPerRow);
    runner.run(
        plan,
        listener.withWorkOnFinished(
            (job, records) -> {
              JobRecord own = records.get(0);
              if (own.arm().equals("scalingar") && curvePrompts.contains(own.prompt()))
                confidenceCurve(out, job, own);
            }));
    return writeReport(options, model.info().name(), prompts.size(), plan, store);
  }

  private static void confidenceCurve(
      Path out, StepReport.Finished<BenchRunner.Prompt> job, JobRecord record) {
    int selected = job.outcome().selectedTrajectory();
    int lastStep = job.trace().isEmpty() ? 0 : job.trace().get(job.trace().size() - 1).step();
    byte[] png =
        ConfidencePlot.png(
            "scalingar · prompt "
                + record.prompt()
                + " · \""
                + job.job().prompt()
                + "\" · "
                + (record.correct() ? "correct" : "wrong"),
            ResultWriter.traceRecords(job.trace(), selected, lastStep),
            OptionalInt.of(selected));
    try {
      Files.write(out.resolve("confidence-scalingar-" + record.prompt() + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Aggregates the store into the report files. */
  static Report writeReport(
      BenchOptions options, String model, int prompts, BenchPlan plan, ResultsStore store)
      throws IOException {
    List<String> tasks =
        Arrays.stream(Task.values())
            .map(Task::tag)
            .filter(t -> options.tasks().isEmpty() || options.tasks().contains(t))
            .toList();
    Report report =
        Report.build(options, model, prompts, plan.arms(), tasks, store.jobs(), store.segments());
    Path out = store.dir();
    ResultsStore.JSON
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("report.json").toFile(), report);
    List<String> figures = new ArrayList<>(ReportPlots.write(report, out));
    try (var files = Files.list(out)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.startsWith("confidence-"))
          .sorted()
          .forEach(figures::add);
    }
    Files.writeString(out.resolve("report.md"), ReportMarkdown.of(report, figures));
    return report;
  }
}
