package dev.scalingar.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code signals.json}, {@code signals.md} and {@code signals_auc.png} of a {@link SignalAnalysis}.
 */
final class SignalsReport {

  static final String JSON = "signals.json", MARKDOWN = "signals.md", PLOT = "signals_auc.png";

  /** Signals drawn on the plot besides the paper's C: the best at half the image. */
  static final int PLOTTED = 6;

  private SignalsReport() {}

  static void write(SignalAnalysis.Result r, Path dir) throws IOException {
    Files.createDirectories(dir);
    ResultsStore.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(JSON).toFile(), r);
    Files.writeString(dir.resolve(MARKDOWN), markdown(r));
    BitmapEncoder.saveBitmap(plot(r), dir.resolve(PLOT).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Signal names ordered by AUC at half the image, best first. */
  static List<String> ranked(SignalAnalysis.Result r) {
    return r.signals().stream()
        .filter(row -> row.prefix() == 0.5)
        .sorted(
            Comparator.comparingDouble(
                    (SignalAnalysis.Row row) -> Double.isNaN(row.auc()) ? 0 : row.auc())
                .reversed())
        .map(SignalAnalysis.Row::name)
        .toList();
  }

  static String markdown(SignalAnalysis.Result r) {
    StringBuilder md = new StringBuilder();
    md.append("# Which signal predicts a correct image (").append(r.set()).append(" set)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d best-of-N jobs, L = %d. Within-job AUC: over pairs of one job's right and"
                + " wrong images, the share the signal (read after the prefix) orders right above wrong; 0.5 = no information."
                + " 95%% interval: bootstrap over jobs (%d resamples). Calibration: %s.%n%n",
            r.jobs(),
            r.length(),
            SignalAnalysis.RESAMPLES,
            r.calibration() == null ? "none" : r.calibration()));
    List<String> tasks =
        r.signals().isEmpty() ? List.of() : List.copyOf(r.signals().get(0).perTask().keySet());
    md.append("| signal | ")
        .append(
            SignalAnalysis.PREFIXES.stream()
                .map(p -> pct(p) + " of L")
                .collect(Collectors.joining(" | ")))
        .append(" | ")
        .append(String.join(" | ", tasks))
        .append(" (at 50 %) |\n");
    md.append("| --- |")
        .append(" --- |".repeat(SignalAnalysis.PREFIXES.size() + tasks.size()))
        .append('\n');
    for (String name : ranked(r)) {
      md.append("| ").append(name).append(" |");
      for (double p : SignalAnalysis.PREFIXES) {
        SignalAnalysis.Row row = r.row(name, p);
        md.append(
            String.format(Locale.ROOT, " %.3f [%.2f, %.2f] |", row.auc(), row.low(), row.high()));
      }
      SignalAnalysis.Row half = r.row(name, 0.5);
      for (String t : tasks)
        md.append(String.format(Locale.ROOT, " %.2f |", half.perTask().get(t)));
      md.append('\n');
    }
    SignalAnalysis.Row any = r.signals().isEmpty() ? null : r.signals().get(0);
    if (any != null)
      md.append(String.format(Locale.ROOT, "%n%d (right, wrong) pairs in all.%n", any.pairs()));
    return md.toString();
  }

  private static String pct(double p) {
    return String.format(
        Locale.ROOT,
        "%s %%",
        p * 100 == Math.rint(p * 100) ? String.valueOf((int) (p * 100)) : String.valueOf(p * 100));
  }

  static XYChart plot(SignalAnalysis.Result r) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title(
                "Within-job AUC against the step it is read at ("
                    + r.set()
                    + ", "
                    + r.jobs()
                    + " jobs)")
            .xAxisTitle("step (raster position)")
            .yAxisTitle("within-job AUC")
            .build();
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.OutsideE)
        .setChartBackgroundColor(Color.WHITE)
        .setMarkerSize(0);
    chart.getStyler().setYAxisMin(0.3).setYAxisMax(0.9);
    List<String> shown =
        new java.util.ArrayList<>(
            ranked(r).stream().filter(n -> !n.equals("paper_c")).limit(PLOTTED).toList());
    shown.add("paper_c");
    for (String name : shown) {
      SignalAnalysis.Curve c =
          r.curves().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
      double[] x = java.util.Arrays.stream(c.steps()).asDoubleStream().toArray();
      XYSeries s = chart.addSeries(name, x, c.auc());
      s.setMarker(SeriesMarkers.NONE);
      if (name.equals("paper_c"))
        s.setLineColor(Color.GRAY)
            .setLineStyle(
                new BasicStroke(
                    2f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {6f, 4f},
                    0f));
    }
    if (r.length() > 0) {
      XYSeries chance =
          chart.addSeries("chance", new double[] {0, r.length() - 1}, new double[] {0.5, 0.5});
      chance.setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY);
    }
    return chart;
  }
}
