package dev.scalingar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/** A cancel command on {@link Topics#CONTROL} (cancel-command.schema.json). */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record CancelCommand(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("reason") Optional<String> reason) {

  public CancelCommand {
    reason = reason == null ? Optional.empty() : reason;
  }
}
