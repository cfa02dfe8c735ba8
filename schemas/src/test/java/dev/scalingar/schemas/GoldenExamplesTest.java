package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden example validates and survives decode → encode unchanged in meaning. */
class GoldenExamplesTest {

  static Stream<Path> examples() throws IOException, URISyntaxException {
    Path dir = Path.of(GoldenExamplesTest.class.getResource("/schemas/v1/examples").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  static String schemaOf(Path example) {
    String name = example.getFileName().toString();
    return name.substring(0, name.indexOf('.'));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void validatesAgainstItsSchema(Path example) throws IOException {
    JsonNode doc = WireCodec.mapper().readTree(example.toFile());
    assertThat(WireSchemas.validate(schemaOf(example), doc)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void roundTripsThroughItsRecord(Path example) throws IOException {
    String schema = schemaOf(example);
    Class<?> type = recordFor(schema);
    byte[] json = Files.readAllBytes(example);
    Object record = WireCodec.decode(schema, json, type);
    byte[] again = WireCodec.encode(schema, record);
    Object back = WireCodec.decode(schema, again, type);
    assertThat(back).isEqualTo(record);
    // Nothing the example said is lost: every field of the example is in the re-encoded document.
    JsonNode original = WireCodec.mapper().readTree(json);
    JsonNode reencoded = WireCodec.mapper().readTree(again);
    original.fieldNames().forEachRemaining(f -> assertThat(reencoded.has(f)).as(f).isTrue());
  }

  @Test
  void everySchemaHasAGoldenExample() throws Exception {
    List<String> covered = examples().map(GoldenExamplesTest::schemaOf).distinct().toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(WireSchemas.names());
  }

  @Test
  void everySchemaFileIsOnTheClasspath() throws IOException {
    for (String name : WireSchemas.names()) {
      try (InputStream in =
          getClass().getResourceAsStream("/schemas/v1/" + name + ".schema.json")) {
        assertThat(in).as(name).isNotNull();
      }
    }
  }

  static Class<?> recordFor(String schema) {
    return switch (schema) {
      case "job-spec" -> JobSpec.class;
      case "trace-record" -> dev.scalingar.schemas.trace.TraceRecord.class;
      case "trace" -> dev.scalingar.schemas.trace.Trace.class;
      default ->
          java.util.Arrays.stream(EventType.values())
              .filter(t -> t.schema().equals(schema))
              .findFirst()
              .orElseThrow()
              .dataType();
    };
  }
}
