package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.schemas.StrategyName;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway wrote the job to the jobs topic.
 *
 * @param canonicalPrompt the prompt in the model grammar's words, as the model reads it; the job's
 *     {@code spec.prompt} stays as the user typed it (optional within v1: older gateways omit it)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobAccepted(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("strategy") StrategyName strategy,
    @JsonProperty("n") int n,
    @JsonProperty("model") String model,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("canonical_prompt") Optional<String> canonicalPrompt)
    implements JobEvent {

  public JobAccepted {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    canonicalPrompt = canonicalPrompt == null ? Optional.empty() : canonicalPrompt;
  }
}
