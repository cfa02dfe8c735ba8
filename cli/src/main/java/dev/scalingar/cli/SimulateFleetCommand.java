package dev.scalingar.cli;

import dev.scalingar.bench.simulate.CostLine;
import dev.scalingar.bench.simulate.PruningProfile;
import dev.scalingar.bench.simulate.Scenarios;
import dev.scalingar.bench.simulate.SimulateFleet;
import dev.scalingar.bench.simulate.SimulateOptions;
import dev.scalingar.bench.simulate.SimulateReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scalingar simulate-fleet}: the fleet at internet scale, by discrete-event simulation.
 */
@Command(
    name = "simulate-fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Discrete-event simulation of the fleet: Poisson and bursty arrivals of N-trajectory jobs, workers of S slots",
      "stepping in lockstep under a device's step-cost line, the engine's own admission policies (ADAPTIVE, REFILL,",
      "STATIC), pruning profiles from the recorded bench run, and KEDA scaling on Kafka lag or pending trajectory-steps",
      "(pod start, cool-down, 0..max replicas). Checks itself against bench-fleet's measurement (--fleet-json).",
      "",
      "Writes DIR/simulate.json and one PNG per scenario (queue depth and replicas over time) plus DIR/summary.png.",
      "simulate.json: {\"scenarios\": [{name, device (cpu|gpu), trigger (fixed-K | lag | steps | lag+steps,",
      "  -wW: W seconds of a pod's work per replica, -p: the proposed HPA behaviour), policy, p50_s, p95_s, p99_s",
      "  (job latency, arrival to completion), worker_minutes (pods from request to exit), utilisation (busy slots /",
      "  slots of ready pods, time-weighted), jobs (arrived), completed, and more: see bench/README.md}],",
      "  \"validation\": {predicted_jobs_per_minute, measured_jobs_per_minute (the fleet.json's scalingar_adaptive row,",
      "  else scalingar_refill), ratio, within15_percent, rows: every policy}, \"targets\": {gpu_adaptive_over_bon_static,",
      "  worker_minutes_saving, comparisons}, \"assumptions\": {cost lines, pod start, profiles}}.",
      "The GPU line is an assumption from the paper's Table 5 (H200, 0.024-0.029 s per step at N = 8), not a measurement."
    })
public final class SimulateFleetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "out/simulate",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--scenario",
      split = ",",
      paramLabel = "NAME",
      description =
          "Run only scenarios whose name starts with NAME (repeatable or comma-separated; default: all)."
              + " The validation rows always run. Families: validate-, gpu-saturated-, poisson-, bursty-.")
  List<String> scenarios = List.of();

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of arrivals and profile draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fleet-json",
      defaultValue = "docs/bench/fleet.json",
      description = "bench-fleet's measurement to validate against (default: ${DEFAULT-VALUE}).")
  Path fleetJson;

  @Option(
      names = "--cpu-line",
      paramLabel = "FIXED,PER_TRAJ,PER_POS",
      description =
          "This CPU's fitted line in ms, as model-bench prints it (\"decode cost: X ms per call + Y ms per"
              + " trajectory + Z ms per trajectory-position\"), for the validation; default: the"
              + " fleet.json's own lockstep_line, fitted to the run's steps in its minutes, else"
              + " 8.1,0.36,0.0018 (DecodeGroups.CPU's ratios).")
  String cpuLine;

  @Option(
      names = "--gpu-line",
      paramLabel = "FIXED,PER_TRAJ,PER_POS",
      description =
          "The GPU's line in ms; default 24,0.1,0.00008 (assumed from the paper's H200 figures).")
  String gpuLine;

  @Option(
      names = "--gpu-scalingar-overhead",
      paramLabel = "FACTOR",
      description =
          "Factor on a ScalingAR step's GPU time over best-of-N's; default 1.16 (Table 5: 0.029 / 0.025 s).")
  Double gpuOverhead;

  @Option(
      names = "--prefill-apart",
      description =
          "Simulate GPU workers that prefill in a call of their own, as the engine did before it"
              + " fused a step's prefills into its first decode call (for comparison; the validation"
              + " rows follow the fleet.json's \"prefill\").")
  boolean prefillApart;

  @Option(
      names = "--saturating-jobs",
      defaultValue = "" + Scenarios.SATURATING_JOBS,
      description =
          "Jobs queued at once on the saturated GPU worker (default: ${DEFAULT-VALUE}); its jobs/min"
              + " includes the drain once the queue is empty, which more jobs amortise.")
  int saturatingJobs;

  @Option(
      names = "--hours",
      defaultValue = "1",
      description = "Arrivals of the fleet scenarios, simulated hours (default: ${DEFAULT-VALUE}).")
  double hours;

  @Option(
      names = "--pod-start",
      defaultValue = "120",
      description =
          "Seconds from a replica asked for to its worker taking jobs (GPU node, image, model; default: ${DEFAULT-VALUE}).")
  double podStart;

  @Option(
      names = "--profiles",
      paramLabel = "RESULTS_JSONL",
      description =
          "Read pruning profiles from a bench's results.jsonl(.gz) (e.g. docs/bench/state/results.jsonl.gz)"
              + " instead of the shipped extract of it.")
  Path profiles;

  @Option(
      names = "--write-profiles",
      paramLabel = "FILE",
      description =
          "Instead of simulating: write the pruning profiles of --profiles RESULTS to FILE in the"
              + " shipped resource's form (how bench/src/main/resources/.../pruning-profiles.json"
              + " is made), with --profiles-source as its provenance line.")
  Path writeProfiles;

  @Option(
      names = "--profiles-source",
      paramLabel = "TEXT",
      description =
          "The provenance line written with --write-profiles (default: the RESULTS path).")
  String profilesSource;

  @Override
  public Integer call() throws Exception {
    if (writeProfiles != null) {
      if (profiles == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--write-profiles needs --profiles RESULTS_JSONL to read from");
      }
      PruningProfile.writeExtract(
          profiles, profilesSource == null ? profiles.toString() : profilesSource, writeProfiles);
      System.out.println("wrote the pruning profiles of " + profiles + " to " + writeProfiles);
      return 0;
    }
    // null: the fleet.json's own lockstep line (fitted to its run), else the shipped CPU line
    CostLine cpu = cpuLine == null ? null : CostLine.CPU.withFigures(cpuLine);
    CostLine gpu = gpuLine == null ? CostLine.GPU_H200 : CostLine.GPU_H200.withFigures(gpuLine);
    if (gpuOverhead != null) {
      gpu = gpu.withScalingarOverhead(gpuOverhead);
    }
    if (prefillApart) {
      gpu = gpu.withPrefillApart();
    }
    SimulateOptions o =
        new SimulateOptions(
            out,
            scenarios,
            seed,
            fleetJson,
            cpu,
            gpu,
            hours * 3600,
            podStart,
            profiles,
            saturatingJobs);
    SimulateFleet.Report report;
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("simulate-fleet")
            .setInitialMax(1000)
            .setStyle(ProgressBarStyle.ASCII)
            .build()) {
      report =
          SimulateFleet.run(
              o,
              (i, n, name, f) -> {
                bar.maxHint(n * 100L);
                bar.stepTo(i * 100L + Math.round(f * 100));
                bar.setExtraMessage(name);
              });
    }
    System.out.print(SimulateReport.table(report));
    System.out.println("assumptions: " + report.assumptions().cpuLine());
    System.out.println("             " + report.assumptions().gpuLine());
    System.out.println("saved " + out.resolve("simulate.json") + " and plots in " + out);
    return 0;
  }
}
