package dev.scalingar.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/**
 * The v1 wire schemas (2020-12) on the classpath under {@code schemas/v1/}: what crosses a process
 * boundary (requests, events, the trace). The outputs of the commands are {@link OutputSchemas}.
 */
public final class WireSchemas {

  private static final String ID_PREFIX = "https://scalingar.dev/schemas/v1/";
  private static final List<String> NAMES =
      List.of(
          "job-spec",
          "job-request",
          "cancel-command",
          "job-accepted",
          "job-started",
          "job-progress",
          "trajectory-pruned",
          "job-completed",
          "job-failed",
          "job-cancelled",
          "worker-heartbeat",
          "trace-record",
          "trace");

  private static final SchemaSet SCHEMAS = new SchemaSet(ID_PREFIX, "schemas/v1/", NAMES);

  private WireSchemas() {}

  /**
   * Every schema name, e.g. {@code job-request}; the file is {@code schemas/v1/NAME.schema.json}.
   */
  public static List<String> names() {
    return NAMES;
  }

  /** The violations of {@code document} against schema {@code name}; empty when valid. */
  public static List<Violation> validate(String name, JsonNode document) {
    return SCHEMAS.validate(name, document);
  }

  /** Validates raw JSON text (so that a syntax error is also reported as a violation). */
  public static List<Violation> validate(String name, String json) {
    try {
      return validate(name, WireCodec.mapper().readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of(new Violation("", "not valid JSON: " + e.getOriginalMessage()));
    }
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
