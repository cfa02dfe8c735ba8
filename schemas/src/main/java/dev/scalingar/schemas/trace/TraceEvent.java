package dev.scalingar.schemas.trace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened to a trajectory at a step (docs/algorithm.md "Per-step trace"). */
public enum TraceEvent {
  FLAGGED,
  RECOVERED,
  TERMINATED,
  SELECTED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
