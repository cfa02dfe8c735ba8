package dev.scalingar.bench.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./scalingar simulate-fleet}: runs the {@link Scenarios}, checks the simulator against
 * bench-fleet's measurement, works out the targets and writes {@code simulate.json} and
 * the plots ({@link SimulateReport}).
 */
public final class SimulateFleet {

  /** Told about each scenario as it runs: its index, the count, its name, and its progress (0..1). */
  public interface Listener {
    void progress(int index, int total, String name, double fraction);
  }

  /**
   * One bench-fleet row, predicted and measured.
   *
   * @param ratio predicted over measured jobs/min
   * @param within15Percent |ratio − 1| ≤ 0.15
   */
  public record ValidationRow(String row, String policy, String strategy, double predictedJobsPerMinute,
      Double measuredJobsPerMinute, Double ratio, Boolean within15Percent, double predictedMakespanS,
      Double measuredMakespanS, double predictedUtilisation, Double measuredUtilisation) {}

  /**
   * The simulator against bench-fleet. The headline pair is the engine's default admission's row
   * ({@code scalingar_adaptive}) when the fleet.json has it, else {@code scalingar_refill}; every
   * row is in {@code rows}.
   */
  public record Validation(String fleetJson, String row, Double predictedJobsPerMinute, Double measuredJobsPerMinute,
      Double ratio, Boolean within15Percent, int jobs, int n, int slots, List<ValidationRow> rows) {}

  /**
   * The targets (benchmarks, not tests).
   *
   * @param gpuAdaptiveOverBonStatic saturated GPU worker: ScalingAR (served gate) with ADAPTIVE over
   *     best-of-N in static batches, jobs/min (goal ≥ 3 at equal accuracy)
   * @param scalingarAccuracy recorded accuracy of the ScalingAR profile (ShapesEval eval-300)
   * @param bonAccuracy recorded accuracy of best-of-N's
   * @param workerMinutesSaving on the bursty load: 1 − (work-weighted worker-minutes / lag-based), the
   *     cheapest work-weighted threshold whose p95 is at most 5 % above the lag trigger's (goal ≥ 0.25)
   */
  public record Targets(Double gpuAdaptiveOverBonStatic, Double gpuRefillOverBonStatic, Double gpuStaticOverBonStatic,
      double scalingarAccuracy, double bonAccuracy, String lagScenario, Double lagWorkerMinutes, Double lagP95S,
      String matchedStepsScenario, Double matchedWorkerMinutes, Double matchedP95S, Double workerMinutesSaving) {}

  /** What the figures rest on. */
  public record Assumptions(String cpuLine, String gpuLine, double podStartSeconds, String profiles, int gridSteps,
      double horizonSeconds) {}

  /** simulate.json. */
  public record Report(List<ScenarioResult> scenarios, Validation validation, Targets targets, Assumptions assumptions,
      long seed) {}

  /** How close the p95 of a work-weighted run must come to the lag trigger's to count as equal. */
  public static final double P95_SLACK = 1.05;

  private SimulateFleet() {}

  public static Report run(SimulateOptions o, Listener listener) throws IOException {
    JsonNode fleet = Files.exists(o.fleetJson()) ? PruningProfile.JSON.readTree(o.fleetJson().toFile()) : MissingNode.getInstance();
    Map<String, PruningProfile> profiles = o.profiles() == null ? PruningProfile.shipped() : PruningProfile.fromResults(o.profiles());
    List<Scenario> chosen = Scenarios.all(o, fleet, profiles).stream().filter(s -> o.wants(s.name())).toList();
    List<ScenarioResult> results = new ArrayList<>();
    List<FleetSimulation.Run> runs = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Scenario s = chosen.get(i);
      int index = i;
      listener.progress(i, chosen.size(), s.name(), 0);
      FleetSimulation.Run run = FleetSimulation.run(s, f -> listener.progress(index, chosen.size(), s.name(), f));
      runs.add(run);
    }
    results.addAll(SimulateReport.plots(o.out(), runs));
    Report report = new Report(results, validation(o, fleet, results), targets(results, profiles),
        new Assumptions(o.cpu().describe(), o.gpu().describe(), o.podStartSeconds(),
            o.profiles() == null ? "shipped: " + PruningProfile.RESOURCE + " (from docs/bench/state/results.jsonl.gz)"
                : o.profiles().toString(), Scenarios.GRID_STEPS, o.horizonSeconds()),
        o.seed());
    SimulateReport.write(o.out(), report);
    return report;
  }

  static Validation validation(SimulateOptions o, JsonNode fleet, List<ScenarioResult> results) {
    List<ValidationRow> rows = new ArrayList<>();
    for (Scenarios.Row r : Scenarios.FLEET_ROWS) {
      Optional<ScenarioResult> predicted = find(results, "validate-" + r.name());
      if (predicted.isEmpty()) {
        continue;
      }
      ScenarioResult p = predicted.get();
      JsonNode measured = MissingNode.getInstance();
      for (JsonNode row : fleet.path("rows")) {
        if (row.path("name").asText().equals(r.name())) {
          measured = row;
        }
      }
      Double m = measured.has("jobs_per_minute") ? measured.get("jobs_per_minute").asDouble() : null;
      Double ratio = m == null ? null : p.jobsPerMinute() / m;
      rows.add(new ValidationRow(r.name(), r.policy().name(), r.strategy(), p.jobsPerMinute(), m, ratio,
          ratio == null ? null : Math.abs(ratio - 1) <= 0.15, p.endSeconds(),
          measured.has("makespan_seconds") ? measured.get("makespan_seconds").asDouble() : null, p.utilisation(),
          measured.has("utilisation") ? measured.get("utilisation").asDouble() : null));
    }
    ValidationRow head = rows.stream().filter(r -> r.row().equals("scalingar_adaptive") && r.measuredJobsPerMinute() != null)
        .findFirst().orElse(rows.stream().filter(r -> r.row().equals("scalingar_refill")).findFirst().orElse(null));
    return new Validation(o.fleetJson().toString(), head == null ? null : head.row(),
        head == null ? null : head.predictedJobsPerMinute(), head == null ? null : head.measuredJobsPerMinute(),
        head == null ? null : head.ratio(), head == null ? null : head.within15Percent(), fleet.path("jobs").asInt(0),
        fleet.path("n").asInt(0), fleet.path("slots").asInt(0), rows);
  }

  static Targets targets(List<ScenarioResult> results, Map<String, PruningProfile> profiles) {
    Double bon = find(results, "gpu-saturated-bon-static").map(ScenarioResult::jobsPerMinute).orElse(null);
    Double adaptive = ratio(find(results, "gpu-saturated-scalingar-adaptive"), bon);
    Double refill = ratio(find(results, "gpu-saturated-scalingar-refill"), bon);
    Double stat = ratio(find(results, "gpu-saturated-scalingar-static"), bon);
    Optional<ScenarioResult> lag = find(results, "bursty-gpu-scalingar-lag");
    ScenarioResult matched = null;
    if (lag.isPresent()) {
      for (ScenarioResult r : results) {
        boolean work = r.name().startsWith("bursty-gpu-scalingar-steps");
        if (work && r.completed() == r.jobs() && r.p95S() <= lag.get().p95S() * P95_SLACK
            && (matched == null || r.workerMinutes() < matched.workerMinutes())) {
          matched = r;
        }
      }
    }
    Double saving = lag.isPresent() && matched != null ? 1 - matched.workerMinutes() / lag.get().workerMinutes() : null;
    return new Targets(adaptive, refill, stat, profiles.get("scalingar").accuracy(), profiles.get("bon").accuracy(),
        lag.map(ScenarioResult::name).orElse(null), lag.map(ScenarioResult::workerMinutes).orElse(null),
        lag.map(ScenarioResult::p95S).orElse(null), matched == null ? null : matched.name(),
        matched == null ? null : matched.workerMinutes(), matched == null ? null : matched.p95S(), saving);
  }

  private static Double ratio(Optional<ScenarioResult> r, Double over) {
    return r.isEmpty() || over == null || over == 0 ? null : r.get().jobsPerMinute() / over;
  }

  static Optional<ScenarioResult> find(List<ScenarioResult> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
