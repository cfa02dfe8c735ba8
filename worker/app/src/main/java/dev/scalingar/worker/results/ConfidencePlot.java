package dev.scalingar.worker.results;

import dev.scalingar.schemas.trace.TraceEvent;
import dev.scalingar.schemas.trace.TraceRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code confidence.png}: the unified confidence C of every trajectory over the steps, the
 * termination threshold θ, and a mark where each trajectory was pruned; the selected trajectory is
 * drawn thicker. Strategies without C (base, best-of-N) get a plot of their self-certainty-free
 * trace: an empty chart that says so rather than a misleading line.
 */
public final class ConfidencePlot {

  private ConfidencePlot() {}

  public static byte[] png(String title, List<TraceRecord> records, OptionalInt chosen) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(480)
            .title(title)
            .xAxisTitle("step")
            .yAxisTitle("C")
            .build();
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.OutsideE)
        .setChartBackgroundColor(Color.WHITE)
        .setMarkerSize(8);
    Map<Integer, List<TraceRecord>> byTrajectory =
        records.stream()
            .filter(r -> r.c() != null)
            .collect(
                Collectors.groupingBy(TraceRecord::trajectory, TreeMap::new, Collectors.toList()));
    if (byTrajectory.isEmpty()) {
      chart.setTitle(title + " (this strategy computes no confidence C)");
      chart
          .addSeries("none", new double[] {0}, new double[] {0})
          .setMarker(SeriesMarkers.NONE)
          .setShowInLegend(false);
      return encode(chart);
    }
    for (var e : byTrajectory.entrySet()) {
      List<TraceRecord> rs = e.getValue();
      XYSeries s =
          chart.addSeries(
              "traj " + e.getKey(), steps(rs), rs.stream().mapToDouble(TraceRecord::c).toArray());
      s.setMarker(SeriesMarkers.NONE);
      boolean selected = chosen.isPresent() && chosen.getAsInt() == e.getKey();
      s.setLineWidth(selected ? 3.0f : 1.0f);
      if (selected) {
        s.setLabel("traj " + e.getKey() + " (selected)");
      }
    }
    TreeMap<Integer, Double> theta = new TreeMap<>();
    records.stream()
        .filter(r -> r.theta() != null)
        .forEach(r -> theta.putIfAbsent(r.step(), r.theta()));
    if (!theta.isEmpty()) {
      XYSeries t =
          chart.addSeries(
              "θ threshold",
              theta.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
              theta.values().stream().mapToDouble(Double::doubleValue).toArray());
      t.setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK);
      t.setLineStyle(
          new BasicStroke(
              1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    List<TraceRecord> pruned =
        new ArrayList<>(
            records.stream()
                .filter(r -> r.event() == TraceEvent.TERMINATED && r.c() != null)
                .toList());
    if (!pruned.isEmpty()) {
      XYSeries p =
          chart.addSeries(
              "pruned", steps(pruned), pruned.stream().mapToDouble(TraceRecord::c).toArray());
      p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      p.setMarker(SeriesMarkers.CROSS).setMarkerColor(Color.RED);
    }
    return encode(chart);
  }

  private static double[] steps(List<TraceRecord> rs) {
    return rs.stream().mapToDouble(TraceRecord::step).toArray();
  }

  private static byte[] encode(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
