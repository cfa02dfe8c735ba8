package dev.scalingar.schemas.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.OptionalInt;

/** {@code jobs/{jobId}/trace.json}: every record of one job, in step order. */
public record Trace(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("strategy") String strategy,
    @JsonProperty("n") int n,
    @JsonProperty("grid") Grid grid,
    @JsonProperty("chosen_trajectory") OptionalInt chosenTrajectory,
    @JsonProperty("records") List<TraceRecord> records) {

  public Trace {
    chosenTrajectory = chosenTrajectory == null ? OptionalInt.empty() : chosenTrajectory;
    records = List.copyOf(records);
  }

  public record Grid(@JsonProperty("h") int h, @JsonProperty("w") int w) {}
}
