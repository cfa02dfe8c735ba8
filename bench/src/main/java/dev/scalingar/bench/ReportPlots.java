package dev.scalingar.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's pictures (PNG, drawn with XChart). */
final class ReportPlots {

  static final String ACCURACY_VS_TOKENS = "accuracy_vs_tokens.png";
  static final String PER_TASK = "per_task.png";
  static final String QUANTILE_SWEEP = "quantile_sweep.png";

  private ReportPlots() {}

  /** Writes the plots the report has data for; returns their file names. */
  static List<String> write(Report report, Path dir) throws IOException {
    List<String> written = new ArrayList<>();
    if (!report.arms().isEmpty()) {
      save(accuracyVsTokens(report), dir, ACCURACY_VS_TOKENS, written);
      save(perTask(report), dir, PER_TASK, written);
    }
    if (report.sweep().size() >= 2) save(sweep(report), dir, QUANTILE_SWEEP, written);
    return written;
  }

  private static void save(
      org.knowm.xchart.internal.chartpart.Chart<?, ?> chart,
      Path dir,
      String name,
      List<String> written)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    written.add(name);
  }

  /** Overall accuracy (with its interval) against visual tokens per image, one point per arm. */
  static XYChart accuracyVsTokens(Report report) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(
                "ShapesEval "
                    + report.set()
                    + ": accuracy against visual tokens per image (N = "
                    + report.n()
                    + ")")
            .xAxisTitle("visual tokens per image")
            .yAxisTitle("overall accuracy")
            .build();
    chart
        .getStyler()
        .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
        .setLegendPosition(Styler.LegendPosition.OutsideE)
        .setChartBackgroundColor(Color.WHITE)
        .setMarkerSize(10);
    for (Report.ArmSummary a : report.arms()) {
      XYSeries s =
          chart.addSeries(
              ReportMarkdown.label(a.arm()),
              new double[] {a.tokensPerImage()},
              new double[] {a.overall().accuracy()},
              new double[] {(a.overall().high() - a.overall().low()) / 2});
      if (a.arm().equals("oracle_bon")) s.setMarker(SeriesMarkers.TRIANGLE_UP);
    }
    return chart;
  }

  /** Accuracy per task (and overall) of the main arms. */
  static CategoryChart perTask(Report report) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(520)
            .title("ShapesEval " + report.set() + ": accuracy per task")
            .xAxisTitle("task")
            .yAxisTitle("accuracy")
            .build();
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.OutsideE)
        .setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    List<String> categories = new ArrayList<>(report.tasks());
    categories.add("overall");
    for (String arm : List.of("base", "is", "bon", "scalingar", "oracle_bon")) {
      Report.ArmSummary a = report.arm(arm);
      if (a == null) continue;
      List<Double> values = new ArrayList<>();
      for (String t : report.tasks()) {
        Report.Accuracy acc = a.perTask().get(t);
        values.add(acc == null ? 0.0 : acc.accuracy());
      }
      values.add(a.overall().accuracy());
      chart.addSeries(ReportMarkdown.label(arm), categories, values);
    }
    return chart;
  }

  /** Accuracy and tokens relative to BoN over the quantile p (the paper's Fig. 10). */
  static XYChart sweep(Report report) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(480)
            .title("ScalingAR: threshold quantile p (" + report.set() + " set)")
            .xAxisTitle("quantile p")
            .build();
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNE)
        .setChartBackgroundColor(Color.WHITE)
        .setMarkerSize(8);
    double[] p = report.sweep().stream().mapToDouble(Report.SweepPoint::quantile).toArray();
    XYSeries acc =
        chart.addSeries(
            "overall accuracy",
            p,
            report.sweep().stream().mapToDouble(Report.SweepPoint::accuracy).toArray());
    acc.setYAxisGroup(0);
    XYSeries tokens =
        chart.addSeries(
            "tokens vs BoN",
            p,
            report.sweep().stream().mapToDouble(Report.SweepPoint::tokensVsBon).toArray());
    tokens.setYAxisGroup(1);
    chart.setYAxisGroupTitle(0, "overall accuracy");
    chart.setYAxisGroupTitle(1, "visual tokens / BoN's");
    return chart;
  }
}
