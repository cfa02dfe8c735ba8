package dev.scalingar.cli;

import dev.scalingar.bench.FleetBench;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.ModelBenchmark;
import dev.scalingar.model.TransformerImageModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar bench-fleet}: jobs/min and slot utilisation, refill against static batches.
 */
@Command(
    name = "bench-fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Fleet throughput under saturating load: ScalingAR with refill, ScalingAR in static batches,",
      "best-of-N in static batches, ScalingAR with cost-aware admission (same jobs, seeds, N).",
      "Writes DIR/fleet.json and DIR/fleet.png."
    })
public final class BenchFleetCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--jobs",
      defaultValue = "48",
      description = "Jobs per configuration, all queued at once (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--n", defaultValue = "8")
  int n;

  @Option(
      names = "--set",
      defaultValue = "eval",
      description = "Prompt set (default: ${DEFAULT-VALUE}).")
  String set;

  @Option(
      names = "--capacity",
      defaultValue = "64",
      description = "Model rows, 2 per trajectory slot (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(
      names = "--single-call-decode",
      description =
          "Step rows at mixed positions as one call padded to the longest"
              + " (the behaviour before DecodeGroups), to measure what grouping by position buys.")
  boolean singleCallDecode;

  @Option(
      names = "--measure-decode-groups",
      description =
          "Fit the decode planner to this machine first (model-bench's decode cost fit, 20"
              + " iterations a point, on the same model) and run every row with it, instead of the shipped DecodeGroups.CPU:"
              + " the cost-aware admission then decides by this machine's line.")
  boolean measureDecodeGroups;

  @Option(
      names = "--no-compact-rows",
      description =
          "Leave trajectories in the slots they were admitted to when others end (the behaviour"
              + " before 2026-12-03), to measure what keeping a step's rows dense buys.")
  boolean noCompactRows;

  @Option(
      names = "--cohort-wait",
      description =
          "How many steps the cost-aware admission may hold a job that fits,"
              + " waiting for a cohort (default: the engine's, 256).")
  Integer cohortWait;

  @Option(
      names = "--rounds",
      defaultValue = "" + FleetBench.DEFAULT_ROUNDS,
      description =
          "Times each configuration runs, in a palindromic order (A B … B A …) so that the"
              + " machine's drift weighs on every row alike (default: ${DEFAULT-VALUE}; 1 = one pass).")
  int rounds;

  @Option(names = "--out", defaultValue = "out/bench-fleet")
  Path out;

  /** Fits the model's planner to this machine, when asked, before any row runs. */
  private void fitPlannerIfAsked(TransformerImageModel model) {
    if (measureDecodeGroups) {
      ModelBenchmark.DecodeCost fit = model.fitPlanner();
      model.planWith(fit.groups());
      System.out.printf(
          Locale.ROOT,
          "decode planner fitted to this machine: %s (%.2f ms per call + %.4f ms per trajectory"
              + " + %.6f ms per trajectory-position, R² %.3f)%n",
          fit.groups().spec(),
          fit.fixedMs(),
          fit.perTrajectoryMs(),
          fit.perPositionMs(),
          fit.r2());
    }
  }

  @Override
  public Integer call() throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, was " + rounds);
    }
    if (jobs * 2 * n <= capacity) {
      throw new IllegalArgumentException(
          "--jobs "
              + jobs
              + " of N = "
              + n
              + " fit in "
              + capacity
              + " rows at once: not a saturating load");
    }
    if (singleCallDecode && measureDecodeGroups) {
      throw new IllegalArgumentException(
          "--single-call-decode and --measure-decode-groups choose different planners; give one");
    }
    DecodeGroups planner = singleCallDecode ? DecodeGroups.SINGLE_CALL : DecodeGroups.CPU;
    FleetBench.Result r;
    try (TransformerImageModel model = modelChoice.load(capacity, planner);
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("bench-fleet")
                .setInitialMax((long) FleetBench.configs().size() * jobs * rounds)
                .setStyle(ProgressBarStyle.ASCII)
                .build()) {
      fitPlannerIfAsked(model); // before any row, so that every row plans and admits by it
      EngineOptions engine =
          (cohortWait == null
                  ? EngineOptions.defaults()
                  : EngineOptions.defaults().withCohortWaitSteps(cohortWait))
              .withCompactRows(!noCompactRows);
      r = FleetBench.run(model, set, jobs, n, seed, engine, rounds, out, bar::stepTo);
    }
    System.out.printf(
        Locale.ROOT,
        "%-24s %6s %9s %8s %7s %7s %9s %10s %14s  %s%n",
        "configuration",
        "jobs",
        "jobs/min",
        "util",
        "p50 s",
        "p95 s",
        "accuracy",
        "tokens/job",
        "cost/job (line)",
        "jobs/min by round");
    for (FleetBench.Row row : r.rows()) {
      System.out.printf(
          Locale.ROOT,
          "%-24s %6d %9.2f %8.3f %7.1f %7.1f %9.3f %10.0f %14.0f  %s%n",
          row.name(),
          row.jobs(),
          row.jobsPerMinute(),
          row.utilisation(),
          row.p50Seconds(),
          row.p95Seconds(),
          row.accuracy(),
          row.tokensPerJob(),
          row.predictedCostPerJob(),
          row.jobsPerMinuteByRound().stream()
              .map(v -> String.format(Locale.ROOT, "%.1f", v))
              .collect(java.util.stream.Collectors.joining(" ")));
    }
    System.out.printf(
        Locale.ROOT,
        "(a)/(c) = %.2f× jobs/min (goal ≥ 3), (a)/(b) = %.2f×, (d)/max((a), (b)) = %.2f× (goal ≥ 1,"
            + " cohort wait %d steps); by the cost line's predicted cost per job (free of load drift): %.2f×; %s and %s%n",
        r.refillOverBonStatic(),
        r.refillOverStatic(),
        r.adaptiveOverBest(),
        r.cohortWaitSteps(),
        r.predictedAdaptiveOverBest(),
        out.resolve("fleet.json"),
        out.resolve("fleet.png"));
    if (r.lockstepLine() != null) {
      var l = r.lockstepLine();
      System.out.printf(
          Locale.ROOT,
          "decode cost of this run's %d lockstep steps: %.2f ms per call + %.4f ms per trajectory"
              + " + %.6f ms per trajectory-position (R² %.3f): simulate-fleet's validation times by it%n",
          l.steps(),
          l.fixedMs(),
          l.perTrajectoryMs(),
          l.perPositionMs(),
          l.rSquared());
    }
    return 0;
  }
}
