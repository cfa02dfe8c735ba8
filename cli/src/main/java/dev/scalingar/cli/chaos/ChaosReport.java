package dev.scalingar.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code chaos.json} (schema {@code chaos}, docs/outputs.md) and the table on stdout. */
public final class ChaosReport {

  static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ChaosReport() {}

  /** The whole file: {@code {"scenarios": [...]}}. */
  public record File(List<ScenarioResult> scenarios) {}

  public static void write(Path file, List<ScenarioResult> scenarios) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(
        file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new File(scenarios)) + "\n");
  }

  /** One row per scenario: the counts, then what the gateway answered during the fault. */
  public static String table(List<ScenarioResult> scenarios) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-19s %9s %8s %9s %6s %4s %10s  %s  %s%n",
            "scenario",
            "submitted",
            "accepted",
            "completed",
            "failed",
            "lost",
            "duplicated",
            "failed by reason",
            "gateway during the fault"));
    for (ScenarioResult r : scenarios) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-19s %9d %8d %9d %6d %4d %10d  %s  %s%n",
              r.name(),
              r.submitted(),
              r.accepted(),
              r.completed(),
              r.failed(),
              r.lost(),
              r.duplicated(),
              words(r.failedReasons()),
              words(r.gatewayDuringFault())));
    }
    return b.toString();
  }

  private static String words(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(counts)
        .forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" x").append(v));
    return b.toString();
  }
}
