package dev.scalingar.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON for the wire records, checked against their schema in both directions: what we write is
 * valid (a bug shows up at the producer, not at every consumer), and what we read is valid before
 * it is bound (so a bad document is rejected with field names, not a Jackson stack trace).
 */
public final class WireCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // v1 grows only by optional fields (schemas/README.md): old readers skip what they do not
          // know.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private WireCodec() {}

  /** The mapper configured for our records (Optional, Instant). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(String schema, Object value) {
    JsonNode tree = MAPPER.valueToTree(value);
    check(schema, WireSchemas.validate(schema, tree));
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T decode(String schema, byte[] json, Class<T> type) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new WireFormatException(
          schema, List.of(new WireSchemas.Violation("/", "not valid JSON: " + e.getMessage())));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new WireFormatException(
          schema, List.of(new WireSchemas.Violation("/", "empty document")));
    }
    return decode(schema, tree, type);
  }

  public static <T> T decode(String schema, JsonNode tree, Class<T> type) {
    check(schema, WireSchemas.validate(schema, tree));
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new WireFormatException(
          schema, List.of(new WireSchemas.Violation("/", e.getOriginalMessage())));
    }
  }

  public static JobSpec decodeSpec(byte[] json) {
    return decode("job-spec", json, JobSpec.class);
  }

  public static JobRequest decodeRequest(byte[] json) {
    return decode("job-request", json, JobRequest.class);
  }

  private static void check(String schema, List<WireSchemas.Violation> violations) {
    if (!violations.isEmpty()) {
      throw new WireFormatException(schema, violations);
    }
  }
}
