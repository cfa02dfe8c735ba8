package dev.scalingar.cli;

import dev.scalingar.bench.Bench;
import dev.scalingar.bench.BenchOptions;
import dev.scalingar.bench.BenchPlan;
import dev.scalingar.bench.BenchRunner;
import dev.scalingar.bench.ConfigOverrides;
import dev.scalingar.bench.JobRecord;
import dev.scalingar.bench.Report;
import dev.scalingar.engine.StepReport;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.sampler.SamplerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar bench}: every strategy on the same prompts, seeds and model through the
 * worker's batching engine in process, judged by ShapesEval; {@code report.json}, {@code report.md}
 * and plots under {@code --out}. Resumes from the results already there.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "The paper's tables on ShapesEval: base, best-of-N, IS, ScalingAR, its ablations and oracle best-of-N,",
      "through the worker's engine in process. Writes DIR/report.json, DIR/report.md and DIR/*.png;",
      "an interrupted run resumes from DIR/results.jsonl."
    })
public final class BenchCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--set",
      defaultValue = "eval",
      description = "eval (frozen) or dev (for tuning) (default: ${DEFAULT-VALUE}).")
  String set;

  @Option(
      names = "--limit",
      defaultValue = "100000",
      description = "At most this many prompts (the set's first).")
  int limit;

  @Option(
      names = "--tasks",
      split = ",",
      description =
          "Only these ShapesEval tasks (single_object, two_object, counting, colors, position, color_attr).")
  List<String> tasks = new ArrayList<>();

  @Option(
      names = "--n",
      defaultValue = "8",
      description = "Trajectories per job (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--strategies",
      split = ",",
      description =
          "Arms to run (default: all): base, bon, bon_logprob, oracle_bon, is, scalingar, scalingar_no_token, scalingar_no_block, scalingar_no_cond, termination_only, scheduler_only.")
  List<String> strategies;

  @Option(
      names = "--sweep",
      split = ",",
      description =
          "Quantiles p for the Fig. 10 sweep, or 'none' (default: 0.1,0.3,0.4,0.5 when scalingar runs).")
  List<String> sweep;

  @Option(
      names = "--regret",
      description = "Run pruned trajectories to the end in shadow and judge them (pruning regret).")
  boolean regret;

  @Option(
      names = "--config",
      description =
          "Change a sampler CHOICE for every arm, key=value (repeatable), e.g. profile.utilisationReference=ACROSS_TRAJECTORIES.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Benchmark seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--capacity",
      defaultValue = "64",
      description = "Model rows of the engine, 2 per trajectory (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(names = "--fresh", description = "Drop the results already in --out instead of resuming.")
  boolean fresh;

  @Option(
      names = "--out",
      defaultValue = "out/bench",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<String> arms = strategies == null ? BenchPlan.ARMS : strategies;
    List<Double> quantiles = sweepQuantiles(arms);
    SamplerConfig config = ConfigOverrides.apply(SamplerConfig.paperDefaults(), overrides);
    BenchOptions options =
        new BenchOptions(
            set, limit, tasks, n, arms, quantiles, regret, seed, capacity, overrides, config);
    Console console = new Console();
    console.step(
        String.format(
            Locale.ROOT,
            "bench: set %s, N = %d, %d prompt(s) at most, arms %s%s%s → %s",
            set,
            n,
            limit,
            arms,
            quantiles.isEmpty() ? "" : ", sweep p " + quantiles,
            overrides.isEmpty() ? "" : ", config " + overrides,
            out));
    try (TransformerImageModel model = modelChoice.load(capacity);
        Progress progress = new Progress()) {
      Report report = Bench.run(options, model, model.cacheBytesPerRow(), out, fresh, progress);
      progress.close();
      print(report);
    }
    console.done(
        "report: "
            + out.resolve("report.md")
            + ", "
            + out.resolve("report.json")
            + " and the plots beside them");
    return 0;
  }

  private List<Double> sweepQuantiles(List<String> arms) {
    if (sweep == null) return arms.contains("scalingar") ? BenchPlan.DEFAULT_SWEEP : List.of();
    if (sweep.size() == 1 && sweep.get(0).equalsIgnoreCase("none")) return List.of();
    List<Double> out = new ArrayList<>();
    for (String s : sweep) {
      try {
        out.add(Double.parseDouble(s));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--sweep wants quantiles like 0.1,0.3 or 'none', got '" + s + "'");
      }
    }
    return out;
  }

  private static void print(Report report) {
    System.out.printf(
        Locale.ROOT,
        "%-22s %8s  %-15s %10s %8s %9s%n",
        "strategy",
        "overall",
        "95%",
        "tokens/img",
        "vs BoN",
        "img/min");
    for (Report.ArmSummary a : report.arms()) {
      System.out.printf(
          Locale.ROOT,
          "%-22s %8.3f  [%.3f, %.3f] %10.0f %8.3f %9.1f%n",
          a.arm(),
          a.overall().accuracy(),
          a.overall().low(),
          a.overall().high(),
          a.tokensPerImage(),
          a.tokensVsBon(),
          a.timing().imagesPerMinute());
    }
  }

  /** A progress bar over every (arm run, prompt) job, with ETA; resumed jobs count as done. */
  static final class Progress implements BenchRunner.Listener, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void planned(int totalJobs, int alreadyDone) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("bench")
              .setInitialMax(totalJobs)
              .setStyle(ProgressBarStyle.ASCII)
              .showSpeed()
              .setUnit(" jobs", 1)
              // Jobs resumed from disk took no time in this process: keep them out of speed and
              // ETA.
              .startsFrom(alreadyDone, Duration.ZERO)
              .build();
      if (alreadyDone > 0) bar.setExtraMessage("resumed " + alreadyDone);
    }

    @Override
    public void runStarted(BenchPlan.Run run, int jobs) {
      if (bar != null) bar.setExtraMessage(run.label());
    }

    @Override
    public void finished(StepReport.Finished<BenchRunner.Prompt> job, List<JobRecord> records) {
      if (bar != null) bar.step();
    }

    @Override
    public void close() {
      if (bar != null) bar.close();
      bar = null;
    }
  }
}
