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
 * bench-fleet's measurement, works out the targets and writes {@code simulate.json} and the
 * plots ({@link SimulateReport}).
 */
public final class SimulateFleet {

  /**
   * Told about each scenario as it runs: its index, the count, its name, and its progress (0..1).
   */
  public interface Listener {
    void progress(int index, int total, String name, double fraction);
  }

  /**
   * One bench-fleet row, predicted and measured.
   *
   * @param ratio predicted over measured jobs/min
   * @param within15Percent |ratio − 1| ≤ 0.15
   */
  public record ValidationRow(
      String row,
      String policy,
      String strategy,
      double predictedJobsPerMinute,
      Double measuredJobsPerMinute,
      Double ratio,
      Boolean within15Percent,
      double predictedMakespanS,
      Double measuredMakespanS,
      double predictedUtilisation,
      Double measuredUtilisation) {}

  /**
   * The simulator against bench-fleet. The headline pair is the engine's default admission's row
   * ({@code scalingar_adaptive}) when the fleet.json has it, else {@code scalingar_refill}; every
   * row is in {@code rows}.
   */
  public record Validation(
      String fleetJson,
      String row,
      Double predictedJobsPerMinute,
      Double measuredJobsPerMinute,
      Double ratio,
      Boolean within15Percent,
      int jobs,
      int n,
      int slots,
      List<ValidationRow> rows) {}

  /**
   * Work-weighted against lag-based scaling at equal p95: of the {@code candidates}, the one with
   * the fewest worker-minutes whose p95 is at most {@link #P95_SLACK} × the baseline's (every job
   * completed); null fields when none is.
   *
   * @param workerMinutesSaving 1 − matched / baseline worker-minutes
   */
  public record Comparison(
      String baseline,
      String candidates,
      double baselineWorkerMinutes,
      double baselineP95S,
      String matched,
      Double matchedWorkerMinutes,
      Double matchedP95S,
      Double workerMinutesSaving) {}

  /**
   * The targets (benchmarks, not tests).
   *
   * @param gpuAdaptiveOverBonStatic saturated GPU worker: ScalingAR (served gate) with ADAPTIVE
   *     over best-of-N in static batches, jobs/min (goal ≥ 3 at equal accuracy)
   * @param scalingarAccuracy recorded accuracy of the ScalingAR profile (ShapesEval eval-300)
   * @param bonAccuracy recorded accuracy of best-of-N's
   * @param workerMinutesSaving the headline of {@code comparisons}' first: the bursty load, the lag
   *     trigger as the manifests configure it against every work-weighted configuration (goal ≥
   *     0.25)
   * @param comparisons each baseline against its candidates
   */
  public record Targets(
      Double gpuAdaptiveOverBonStatic,
      Double gpuRefillOverBonStatic,
      Double gpuStaticOverBonStatic,
      double scalingarAccuracy,
      double bonAccuracy,
      Double workerMinutesSaving,
      List<Comparison> comparisons) {}

  /** What the figures rest on. */
  public record Assumptions(
      String cpuLine,
      String gpuLine,
      double podStartSeconds,
      String profiles,
      int gridSteps,
      double horizonSeconds) {}

  /** simulate.json. */
  public record Report(
      List<ScenarioResult> scenarios,
      Validation validation,
      Targets targets,
      Assumptions assumptions,
      long seed) {}

  /** How close the p95 of a work-weighted run must come to the lag trigger's to count as equal. */
  public static final double P95_SLACK = 1.05;

  private SimulateFleet() {}

  public static Report run(SimulateOptions o, Listener listener) throws IOException {
    JsonNode fleet =
        Files.exists(o.fleetJson())
            ? PruningProfile.JSON.readTree(o.fleetJson().toFile())
            : MissingNode.getInstance();
    Map<String, PruningProfile> profiles =
        o.profiles() == null ? PruningProfile.shipped() : PruningProfile.fromResults(o.profiles());
    List<Scenario> chosen =
        Scenarios.all(o, fleet, profiles).stream().filter(s -> o.wants(s.name())).toList();
    List<ScenarioResult> results = new ArrayList<>();
    List<FleetSimulation.Run> runs = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Scenario s = chosen.get(i);
      int index = i;
      listener.progress(i, chosen.size(), s.name(), 0);
      FleetSimulation.Run run =
          FleetSimulation.run(s, f -> listener.progress(index, chosen.size(), s.name(), f));
      runs.add(run);
    }
    results.addAll(SimulateReport.plots(o.out(), runs));
    Report report =
        new Report(
            results,
            validation(o, fleet, results),
            targets(results, profiles),
            new Assumptions(
                Scenarios.validationLine(o, fleet).describe(),
                o.gpu().describe(),
                o.podStartSeconds(),
                o.profiles() == null
                    ? "shipped: "
                        + PruningProfile.RESOURCE
                        + " (from docs/bench/state/results.jsonl.gz)"
                    : o.profiles().toString(),
                Scenarios.GRID_STEPS,
                o.horizonSeconds()),
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
      Double m =
          measured.has("jobs_per_minute") ? measured.get("jobs_per_minute").asDouble() : null;
      Double ratio = m == null ? null : p.jobsPerMinute() / m;
      rows.add(
          new ValidationRow(
              r.name(),
              r.policy().name(),
              r.strategy(),
              p.jobsPerMinute(),
              m,
              ratio,
              ratio == null ? null : Math.abs(ratio - 1) <= 0.15,
              p.endSeconds(),
              measured.has("makespan_seconds") ? measured.get("makespan_seconds").asDouble() : null,
              p.utilisation(),
              measured.has("utilisation") ? measured.get("utilisation").asDouble() : null));
    }
    ValidationRow head =
        rows.stream()
            .filter(r -> r.row().equals("scalingar_adaptive") && r.measuredJobsPerMinute() != null)
            .findFirst()
            .orElse(
                rows.stream()
                    .filter(r -> r.row().equals("scalingar_refill"))
                    .findFirst()
                    .orElse(null));
    return new Validation(
        o.fleetJson().toString(),
        head == null ? null : head.row(),
        head == null ? null : head.predictedJobsPerMinute(),
        head == null ? null : head.measuredJobsPerMinute(),
        head == null ? null : head.ratio(),
        head == null ? null : head.within15Percent(),
        fleet.path("jobs").asInt(0),
        fleet.path("n").asInt(0),
        fleet.path("slots").asInt(0),
        rows);
  }

  static Targets targets(List<ScenarioResult> results, Map<String, PruningProfile> profiles) {
    Double bon =
        find(results, "gpu-saturated-bon-static").map(ScenarioResult::jobsPerMinute).orElse(null);
    Double adaptive = ratio(find(results, "gpu-saturated-scalingar-adaptive"), bon);
    Double refill = ratio(find(results, "gpu-saturated-scalingar-refill"), bon);
    Double stat = ratio(find(results, "gpu-saturated-scalingar-static"), bon);
    List<Comparison> comparisons = new ArrayList<>();
    String steps = "bursty-gpu-scalingar-steps";
    compare(
            results,
            "bursty-gpu-scalingar-lag",
            "every work-weighted configuration",
            n -> n.startsWith(steps))
        .ifPresent(comparisons::add);
    compare(
            results,
            "bursty-gpu-scalingar-lag",
            "work-weighted, today's HPA behaviour",
            n -> n.startsWith(steps) && !n.endsWith("-p"))
        .ifPresent(comparisons::add);
    compare(
            results,
            "bursty-gpu-scalingar-lag-p",
            "work-weighted, the proposed HPA behaviour",
            n -> n.startsWith(steps) && n.endsWith("-p"))
        .ifPresent(comparisons::add);
    compare(
            results,
            "poisson-gpu-scalingar-lag",
            "work-weighted",
            n -> n.equals("poisson-gpu-scalingar-steps"))
        .ifPresent(comparisons::add);
    compare(results, "bursty-gpu-bon-lag", "work-weighted", n -> n.equals("bursty-gpu-bon-steps"))
        .ifPresent(comparisons::add);
    Double saving =
        comparisons.isEmpty() || !comparisons.get(0).baseline().equals("bursty-gpu-scalingar-lag")
            ? null
            : comparisons.get(0).workerMinutesSaving();
    return new Targets(
        adaptive,
        refill,
        stat,
        profiles.get("scalingar").accuracy(),
        profiles.get("bon").accuracy(),
        saving,
        comparisons);
  }

  static Optional<Comparison> compare(
      List<ScenarioResult> results,
      String baseline,
      String label,
      java.util.function.Predicate<String> candidate) {
    Optional<ScenarioResult> base = find(results, baseline);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    ScenarioResult b = base.get();
    ScenarioResult matched = null;
    boolean any = false;
    for (ScenarioResult r : results) {
      if (!candidate.test(r.name())) {
        continue;
      }
      any = true;
      if (r.completed() == r.jobs()
          && r.p95S() <= b.p95S() * P95_SLACK
          && (matched == null || r.workerMinutes() < matched.workerMinutes())) {
        matched = r;
      }
    }
    if (!any) {
      return Optional.empty();
    }
    return Optional.of(
        new Comparison(
            b.name(),
            label,
            b.workerMinutes(),
            b.p95S(),
            matched == null ? null : matched.name(),
            matched == null ? null : matched.workerMinutes(),
            matched == null ? null : matched.p95S(),
            matched == null ? null : 1 - matched.workerMinutes() / b.workerMinutes()));
  }

  private static Double ratio(Optional<ScenarioResult> r, Double over) {
    return r.isEmpty() || over == null || over == 0 ? null : r.get().jobsPerMinute() / over;
  }

  static Optional<ScenarioResult> find(List<ScenarioResult> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
