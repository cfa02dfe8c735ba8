package dev.scalingar.schemas.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    @JsonProperty("records") List<TraceRecord> records,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("trace_version") Integer traceVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sampler") Sampler sampler) {

  /** What the worker writes now. */
  public static final int VERSION = 2;

  public Trace {
    chosenTrajectory = chosenTrajectory == null ? OptionalInt.empty() : chosenTrajectory;
    records = List.copyOf(records);
  }

  /** A version-1 trace (no sampler identity). */
  public Trace(
      String jobId,
      String strategy,
      int n,
      Grid grid,
      OptionalInt chosenTrajectory,
      List<TraceRecord> records) {
    this(jobId, strategy, n, grid, chosenTrajectory, records, null, null);
  }

  /** The version of this trace: 1 when the field is absent. */
  public int version() {
    return traceVersion == null ? 1 : traceVersion;
  }

  public record Grid(@JsonProperty("h") int h, @JsonProperty("w") int w) {}

  /**
   * Which sampler ran.
   *
   * @param config {@code paper} or the served configuration's id ({@code served-1})
   * @param calibration the calibration's id, null when C is the paper's
   * @param calibrationWeightsSha256 the weights that calibration was fitted for
   */
  public record Sampler(
      @JsonProperty("config") String config,
      @JsonProperty("calibration") String calibration,
      @JsonProperty("calibration_weights_sha256") String calibrationWeightsSha256) {}
}
