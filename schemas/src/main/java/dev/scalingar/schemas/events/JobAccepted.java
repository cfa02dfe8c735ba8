package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.schemas.StrategyName;
import java.util.Map;

public record JobAccepted(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("strategy") StrategyName strategy,
    @JsonProperty("n") int n,
    @JsonProperty("model") String model,
    @JsonProperty("metadata") Map<String, String> metadata)
    implements JobEvent {

  public JobAccepted {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
