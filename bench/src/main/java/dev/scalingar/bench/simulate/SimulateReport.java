package dev.scalingar.bench.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code simulate.json}, one queue-and-replicas plot per scenario and {@code summary.png};
 * prints the table.
 */
public final class SimulateReport {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(SerializationFeature.INDENT_OUTPUT, true);

  private SimulateReport() {}

  /** Draws each run's timeline as DIR/NAME.png; returns the rows with their plot's file name. */
  static List<ScenarioResult> plots(Path dir, List<FleetSimulation.Run> runs) throws IOException {
    Files.createDirectories(dir);
    List<ScenarioResult> out = new ArrayList<>();
    for (FleetSimulation.Run run : runs) {
      String file = run.result().name().replace('+', '_') + ".png";
      BitmapEncoder.saveBitmap(
          timeline(run), dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
      out.add(run.result().withPlot(file));
    }
    List<ScenarioResult> fleet =
        out.stream().filter(r -> r.trigger().startsWith("fixed-") == false).toList();
    if (!fleet.isEmpty()) {
      BitmapEncoder.saveBitmap(
          summary(fleet), dir.resolve("summary.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
    return out;
  }

  static void write(Path dir, SimulateFleet.Report report) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve("simulate.json").toFile(), report);
  }

  private static XYChart timeline(FleetSimulation.Run run) {
    ScenarioResult r = run.result();
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(450)
            .title(
                String.format(
                    Locale.ROOT, "%s: %s, %s, %s", r.name(), r.arrivals(), r.policy(), r.trigger()))
            .xAxisTitle("minutes")
            .yAxisTitle("jobs")
            .build();
    chart.getStyler().setMarkerSize(0);
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNW)
        .setChartBackgroundColor(Color.WHITE);
    List<FleetSimulation.Sample> t =
        run.timeline().isEmpty()
            ? List.of(new FleetSimulation.Sample(0, 0, 0, 0, 0))
            : run.timeline();
    double[] x = t.stream().mapToDouble(s -> s.t() / 60).toArray();
    chart
        .addSeries(
            "waiting (not started)",
            x,
            t.stream().mapToDouble(FleetSimulation.Sample::waitingJobs).toArray())
        .setMarker(SeriesMarkers.NONE);
    chart
        .addSeries(
            "running", x, t.stream().mapToDouble(FleetSimulation.Sample::runningJobs).toArray())
        .setMarker(SeriesMarkers.NONE);
    XYSeries replicas =
        chart.addSeries(
            "replicas (right)",
            x,
            t.stream().mapToDouble(FleetSimulation.Sample::replicas).toArray());
    replicas.setMarker(SeriesMarkers.NONE).setYAxisGroup(1);
    XYSeries ready =
        chart.addSeries(
            "ready replicas (right)",
            x,
            t.stream().mapToDouble(FleetSimulation.Sample::readyReplicas).toArray());
    ready.setMarker(SeriesMarkers.NONE).setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "replicas");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    return chart;
  }

  private static CategoryChart summary(List<ScenarioResult> fleet) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1200)
            .height(550)
            .title("Fleet scenarios: p95 latency and cost")
            .xAxisTitle("scenario")
            .yAxisTitle("p95 s / worker-minutes ÷ 10")
            .build();
    chart.getStyler().setXAxisLabelRotation(60);
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNW)
        .setChartBackgroundColor(Color.WHITE);
    List<String> names = fleet.stream().map(ScenarioResult::name).toList();
    chart.addSeries(
        "p95 s", names, fleet.stream().map(r -> Double.isNaN(r.p95S()) ? 0 : r.p95S()).toList());
    chart.addSeries(
        "worker-minutes ÷ 10", names, fleet.stream().map(r -> r.workerMinutes() / 10).toList());
    return chart;
  }

  /** The table printed on stdout. */
  public static String table(SimulateFleet.Report report) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-38s %-4s %-9s %-8s %8s %8s %8s %9s %6s %7s %9s %8s%n",
            "scenario",
            "dev",
            "trigger",
            "policy",
            "p50 s",
            "p95 s",
            "p99 s",
            "worker-min",
            "util",
            "jobs",
            "completed",
            "jobs/min"));
    for (ScenarioResult r : report.scenarios()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-38s %-4s %-9s %-8s %8.1f %8.1f %8.1f %9.1f %6.3f %7d %9d %8.1f%n",
              r.name(),
              r.device(),
              r.trigger(),
              r.policy(),
              r.p50S(),
              r.p95S(),
              r.p99S(),
              r.workerMinutes(),
              r.utilisation(),
              r.jobs(),
              r.completed(),
              r.jobsPerMinute()));
    }
    SimulateFleet.Validation v = report.validation();
    b.append(
        String.format(
            Locale.ROOT,
            "validation against %s (%d jobs, N = %d, %d slots, one CPU worker):%n",
            v.fleetJson(),
            v.jobs(),
            v.n(),
            v.slots()));
    for (SimulateFleet.ValidationRow r : v.rows()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-20s %-8s predicted %6.1f jobs/min, measured %s%n",
              r.row(),
              r.policy(),
              r.predictedJobsPerMinute(),
              r.measuredJobsPerMinute() == null
                  ? "— (not in the fleet.json)"
                  : String.format(
                      Locale.ROOT,
                      "%6.1f: ratio %.2f (%s)",
                      r.measuredJobsPerMinute(),
                      r.ratio(),
                      r.within15Percent() ? "within 15 %" : "outside 15 %")));
    }
    SimulateFleet.Targets t = report.targets();
    if (t.gpuAdaptiveOverBonStatic() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "GPU (assumed H200 line): ScalingAR ADAPTIVE / best-of-N static = %.2f× jobs/min"
                  + " (goal ≥ 3; REFILL %.2f×, STATIC %.2f×), accuracy %.3f vs %.3f%n",
              t.gpuAdaptiveOverBonStatic(),
              t.gpuRefillOverBonStatic(),
              t.gpuStaticOverBonStatic(),
              t.scalingarAccuracy(),
              t.bonAccuracy()));
    }
    for (SimulateFleet.Comparison c : t.comparisons()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%s: %.1f worker-min at p95 %.1f s; %s: %s%n",
              c.baseline(),
              c.baselineWorkerMinutes(),
              c.baselineP95S(),
              c.candidates(),
              c.matched() == null
                  ? "none reached that p95 (+5 %)"
                  : String.format(
                      Locale.ROOT,
                      "%s %.1f worker-min at p95 %.1f s, %.0f %% fewer worker-minutes",
                      c.matched(),
                      c.matchedWorkerMinutes(),
                      c.matchedP95S(),
                      100 * c.workerMinutesSaving())));
    }
    return b.toString();
  }
}
