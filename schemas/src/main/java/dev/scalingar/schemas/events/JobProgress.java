package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;
import java.util.OptionalDouble;

@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobProgress(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("step") int step,
    @JsonProperty("total_steps") int totalSteps,
    @JsonProperty("live_trajectories") int liveTrajectories,
    @JsonProperty("visual_tokens") long visualTokens,
    @JsonProperty("theta") OptionalDouble theta,
    @JsonProperty("confidence") Optional<ConfidenceSummary> confidence)
    implements JobEvent {

  public JobProgress {
    theta = theta == null ? OptionalDouble.empty() : theta;
    confidence = confidence == null ? Optional.empty() : confidence;
  }

  /** Min, median and max of C over the live trajectories. */
  public record ConfidenceSummary(
      @JsonProperty("min") double min, @JsonProperty("p50") double p50, @JsonProperty("max") double max) {}
}
