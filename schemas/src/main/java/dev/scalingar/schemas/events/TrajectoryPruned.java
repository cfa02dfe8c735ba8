package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.OptionalDouble;

@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record TrajectoryPruned(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("trajectory") int trajectory,
    @JsonProperty("step") int step,
    @JsonProperty("reason") Reason reason,
    @JsonProperty("confidence") OptionalDouble confidence,
    @JsonProperty("theta") OptionalDouble theta)
    implements JobEvent {

  public TrajectoryPruned {
    confidence = confidence == null ? OptionalDouble.empty() : confidence;
    theta = theta == null ? OptionalDouble.empty() : theta;
  }

  /** Why the trajectory ended early. */
  public enum Reason {
    /** The probation window ended without recovery. */
    GATE,
    /** The job's visual-token budget could not cover every live trajectory. */
    BUDGET,
    /** C fell under the (optional) hard-fail floor. */
    HARD_FAIL;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
