package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output schema has a golden example that validates; the outputs committed to the repository
 * (the latest bench runs under docs/bench/, the shipped calibration, the sweep's evaluations)
 * validate and have the golden's shape; and a renamed key fails both checks.
 */
class OutputSchemasTest {

  /** The repository root: this module's tests run in {@code schemas/}. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static Stream<String> names() {
    return OutputSchemas.names().stream();
  }

  static Stream<Arguments> committed() {
    return Stream.of(
        Arguments.of("report", "docs/bench/report.json"),
        Arguments.of("tuning", "docs/bench/tuning-calibrated-dev-v2.json"),
        Arguments.of("fleet", "docs/bench/fleet.json"),
        Arguments.of("chaos", "docs/bench/chaos.json"),
        Arguments.of("signals", "docs/bench/signals/signals-dev.json"),
        Arguments.of("signals", "docs/bench/signals/signals-eval.json"),
        Arguments.of(
            "calibration",
            "worker/model/src/main/resources/dev/scalingar/model/shapes-v1.calibration.json"),
        Arguments.of("model-eval", "worker/model/training/sweep/sweep-192x6/eval-dev.json"),
        Arguments.of("model-eval", "worker/model/training/sweep/sweep-288x6/eval-dev.json"),
        Arguments.of("model-eval", "worker/model/training/sweep/sweep-384x6/eval-dev.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void theGoldenExampleValidates(String name) {
    assertThat(OutputSchemas.validate(name, OutputSchemas.golden(name))).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("committed")
  void aCommittedOutputValidatesAndHasTheGoldenShape(String name, String file) throws IOException {
    JsonNode doc = WireCodec.mapper().readTree(Files.readString(ROOT.resolve(file)));
    assertThat(OutputSchemas.check(name, doc)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void aRenamedTopLevelKeyFailsTheSchemaAndTheShape(String name) {
    ObjectNode doc = OutputSchemas.golden(name).deepCopy();
    String first = doc.fieldNames().next();
    doc.set(first + "_renamed", doc.remove(first));
    assertThat(OutputSchemas.validate(name, doc)).isNotEmpty();
    assertThat(OutputSchemas.check(name, doc))
        .anyMatch(p -> p.startsWith("/" + first + ":"))
        .anyMatch(p -> p.startsWith("/" + first + "_renamed:"));
  }

  @Test
  void aRenamedNestedKeyOfTheReportFails() {
    ObjectNode doc = OutputSchemas.golden("report").deepCopy();
    for (JsonNode arm : doc.get("arms")) {
      ObjectNode timing = (ObjectNode) arm.get("timing");
      timing.set("seconds_per_token", timing.remove("seconds_per_step"));
    }
    assertThat(OutputSchemas.validate("report", doc)).isNotEmpty();
    assertThat(OutputSchemas.check("report", doc))
        .contains(
            "/arms/[]/timing/seconds_per_step: in the golden example, not in the output",
            "/arms/[]/timing/seconds_per_token: in the output, not in the golden example");
  }

  @Test
  void dataKeyedObjectsReadAsAWildcardInTheShape() {
    assertThat(OutputSchemas.shape("report", OutputSchemas.golden("report")))
        .contains("/arms/[]/per_task/*", "/arms/[]/per_task/*/accuracy")
        .noneMatch(p -> p.contains("counting"));
  }
}
