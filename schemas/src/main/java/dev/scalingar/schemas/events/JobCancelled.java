package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.OptionalInt;

public record JobCancelled(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("at_step") OptionalInt atStep,
    @JsonProperty("visual_tokens") long visualTokens)
    implements JobEvent {

  public JobCancelled {
    atStep = atStep == null ? OptionalInt.empty() : atStep;
  }
}
