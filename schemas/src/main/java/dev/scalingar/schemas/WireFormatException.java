package dev.scalingar.schemas;

import java.util.List;
import java.util.stream.Collectors;

/** A document that breaks its schema; the message names every offending field. */
public final class WireFormatException extends RuntimeException {

  private final String schema;
  private final List<WireSchemas.Violation> violations;

  public WireFormatException(String schema, List<WireSchemas.Violation> violations) {
    super(
        "invalid "
            + schema
            + ": "
            + violations.stream().map(Object::toString).collect(Collectors.joining("; ")));
    this.schema = schema;
    this.violations = List.copyOf(violations);
  }

  public String schema() {
    return schema;
  }

  public List<WireSchemas.Violation> violations() {
    return violations;
  }
}
