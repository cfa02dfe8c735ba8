package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public record JobFailed(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("reason") Reason reason,
    @JsonProperty("message") String message,
    @JsonProperty("retryable") boolean retryable)
    implements JobEvent {

  /**
   * The schema requires a message string: a failure built from an exception without one (a {@code
   * TimeoutException} has none) still gets a readable, schema-valid message, here rather than at
   * every call site, so a failure event can always be published.
   */
  public JobFailed {
    if (message == null || message.isBlank()) {
      message = "no detail given (" + (reason == null ? "unknown reason" : reason.wireName()) + ")";
    }
  }

  public enum Reason {
    INVALID_REQUEST,
    UNKNOWN_MODEL,
    UNKNOWN_STRATEGY,
    STORAGE_ERROR,
    BROKER_ERROR,
    INTERNAL;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
