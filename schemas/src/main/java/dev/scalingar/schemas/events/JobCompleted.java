package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.OptionalDouble;

/** Published only after every object is durable; its event id is deterministic per job. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobCompleted(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("bucket") String bucket,
    @JsonProperty("objects") ObjectKeys objects,
    @JsonProperty("urls") ObjectKeys urls,
    @JsonProperty("urls_expire_at") Instant urlsExpireAt,
    @JsonProperty("chosen_trajectory") int chosenTrajectory,
    @JsonProperty("chosen_confidence") OptionalDouble chosenConfidence,
    @JsonProperty("pruned_trajectories") int prunedTrajectories,
    @JsonProperty("tokens") Tokens tokens,
    @JsonProperty("timings") Timings timings)
    implements JobEvent {

  public JobCompleted {
    chosenConfidence = chosenConfidence == null ? OptionalDouble.empty() : chosenConfidence;
  }

  /** The job's objects; the same shape holds keys and presigned URLs. */
  public record ObjectKeys(
      @JsonProperty("image") String image,
      @JsonProperty("trace") String trace,
      @JsonProperty("confidence_plot") String confidencePlot,
      @JsonProperty("candidates") String candidates,
      @JsonProperty("manifest") String manifest) {

    /** The deterministic keys of docs/design.md: a retried job overwrites, never duplicates. */
    public static ObjectKeys forJob(String jobId) {
      String p = "jobs/" + jobId + "/";
      return new ObjectKeys(
          p + "image.png",
          p + "trace.json",
          p + "confidence.png",
          p + "candidates.png",
          p + "manifest.json");
    }
  }

  /** docs/algorithm.md "Accounting". */
  public record Tokens(
      @JsonProperty("visual_tokens") long visualTokens,
      @JsonProperty("row_steps") long rowSteps,
      @JsonProperty("full_bon_tokens") long fullBonTokens) {}

  public record Timings(
      @JsonProperty("queued_ms") long queuedMs,
      @JsonProperty("run_ms") long runMs,
      @JsonProperty("upload_ms") long uploadMs) {}
}
