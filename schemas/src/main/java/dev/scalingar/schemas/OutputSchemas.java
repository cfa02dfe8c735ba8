package dev.scalingar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schemas of the machine-readable files the commands write for scripts ({@code report.json},
 * {@code fleet.json}, …), under {@code schemas/outputs/v1/} on the class path, each with a golden
 * example under {@code examples/}. docs/outputs.md describes them; the writers' tests check their
 * real output with {@link #check}.
 */
public final class OutputSchemas {

  private static final String ID_PREFIX = "https://scalingar.dev/schemas/outputs/v1/";
  private static final String FOLDER = "schemas/outputs/v1/";
  private static final List<String> NAMES =
      List.of(
          "report",
          "fleet",
          "signals",
          "tuning",
          "calibration",
          "model-eval",
          "stack-status",
          "chaos");
  private static final SchemaSet SCHEMAS = new SchemaSet(ID_PREFIX, FOLDER, NAMES);

  /**
   * Objects whose keys are data (task tags, prefixes, process names), not names of fields: their
   * keys read as {@code *} in a {@link #shape}, so a run over fewer tasks has the golden's shape.
   */
  private static final Map<String, Set<String>> MAPS =
      Map.of(
          "report", Set.of("/arms/[]/per_task"),
          "signals", Set.of("/signals/[]/per_task"),
          "calibration", Set.of("/dev_auc"),
          "model-eval", Set.of("/base/tasks", "/per_sample/tasks", "/oracle_bon/tasks"),
          "stack-status", Set.of("/pids"),
          "chaos", Set.of("/scenarios/[]/failed_reasons", "/scenarios/[]/gateway_during_fault"));

  private OutputSchemas() {}

  /** Every output schema name; the file is {@code schemas/outputs/v1/NAME.schema.json}. */
  public static List<String> names() {
    return NAMES;
  }

  /** The violations of {@code document} against output schema {@code name}; empty when valid. */
  public static List<WireSchemas.Violation> validate(String name, JsonNode document) {
    return SCHEMAS.validate(name, document);
  }

  /** The golden example of output {@code name}. */
  public static JsonNode golden(String name) {
    try (InputStream in =
        OutputSchemas.class.getResourceAsStream("/" + FOLDER + "examples/" + name + ".json")) {
      if (in == null)
        throw new IllegalArgumentException("no golden example of output '" + name + "'");
      return WireCodec.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The key paths of a document, as JSON pointers with {@code []} for any array element and {@code
   * *} for a key of a data-keyed object: two documents of one shape have the same set.
   */
  public static Set<String> shape(String name, JsonNode document) {
    Set<String> paths = new TreeSet<>();
    collect(document, "", MAPS.getOrDefault(name, Set.of()), paths);
    return paths;
  }

  /**
   * What is wrong with a real output of {@code name}: its schema violations, then every key path
   * that the golden example has and it lacks, or the other way round (a renamed key shows as both).
   */
  public static List<String> check(String name, JsonNode document) {
    List<String> problems = new ArrayList<>();
    validate(name, document).forEach(v -> problems.add(v.toString()));
    Set<String> golden = shape(name, golden(name)), actual = shape(name, document);
    for (String p : golden)
      if (!actual.contains(p)) problems.add(p + ": in the golden example, not in the output");
    for (String p : actual)
      if (!golden.contains(p)) problems.add(p + ": in the output, not in the golden example");
    return problems;
  }

  private static void collect(JsonNode node, String at, Set<String> maps, Set<String> into) {
    if (node.isArray()) {
      for (JsonNode element : node) collect(element, at + "/[]", maps, into);
    } else if (node.isObject()) {
      boolean dataKeyed = maps.contains(at);
      node.fields()
          .forEachRemaining(
              e -> {
                String path = at + "/" + (dataKeyed ? "*" : e.getKey());
                into.add(path);
                collect(e.getValue(), path, maps, into);
              });
    }
  }
}
