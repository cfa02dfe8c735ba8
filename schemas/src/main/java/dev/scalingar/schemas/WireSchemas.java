package dev.scalingar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The v1 JSON Schemas (2020-12) on the classpath under {@code schemas/v1/}, checked with a real
 * validator (networknt). Schemas reference each other by their {@code $id}; the mapper below
 * resolves those ids to the classpath, so nothing is fetched over the network.
 */
public final class WireSchemas {

  private static final String ID_PREFIX = "https://scalingar.dev/schemas/v1/";
  private static final List<String> NAMES = List.of(
      "job-spec", "job-request", "cancel-command", "job-accepted", "job-started", "job-progress",
      "trajectory-pruned", "job-completed", "job-failed", "job-cancelled", "worker-heartbeat", "trace-record", "trace");

  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
      SpecVersion.VersionFlag.V202012,
      b -> b.schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:schemas/v1/")));
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .formatAssertionsEnabled(true) // date-time and uri are checked, not just annotations
      .pathType(PathType.JSON_POINTER)
      .locale(Locale.ROOT)
      .build();
  private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

  private WireSchemas() {}

  /** Every schema name, e.g. {@code job-request}; the file is {@code schemas/v1/NAME.schema.json}. */
  public static List<String> names() {
    return NAMES;
  }

  /** The violations of {@code document} against schema {@code name}; empty when valid. */
  public static List<Violation> validate(String name, JsonNode document) {
    List<Violation> found = schema(name).validate(document).stream()
        .map(Violation::of)
        .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
        .toList();
    return found;
  }

  /** Validates raw JSON text (so that a syntax error is also reported as a violation). */
  public static List<Violation> validate(String name, String json) {
    try {
      return validate(name, WireCodec.mapper().readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of(new Violation("", "not valid JSON: " + e.getOriginalMessage()));
    }
  }

  private static JsonSchema schema(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown schema '" + name + "'; known: " + NAMES);
    }
    return CACHE.computeIfAbsent(name,
        n -> FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + n + ".schema.json"), CONFIG));
  }


  /**
   * One broken rule, with the field it concerns as a JSON pointer ({@code /spec/prompt}); for a
   * missing required property the pointer names the missing property itself.
   */
  public record Violation(String field, String message) {

    static Violation of(ValidationMessage m) {
      String at = m.getInstanceLocation().toString();
      if ("required".equals(m.getType()) && m.getProperty() != null) {
        at = (at.equals("/") || at.isEmpty() ? "" : at) + "/" + m.getProperty();
      }
      String text = m.getError() != null ? m.getError() : m.getMessage();
      return new Violation(at.isEmpty() ? "/" : at, text);
    }

    @Override
    public String toString() {
      return field + ": " + message;
    }
  }
}
