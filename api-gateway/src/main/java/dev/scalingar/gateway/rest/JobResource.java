package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.gateway.view.JobSnapshot;
import dev.scalingar.gateway.view.JobStatus;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobProgress;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as GET /v1/jobs/{id} returns it (and as the {@code data} of a webhook and the SSE {@code
 * status} event). {@code request.prompt} is the prompt as the client typed it, {@code
 * canonical_prompt} the same prompt in the model grammar's words. Sections appear when they apply:
 * {@code progress} once a worker started it, {@code result} when completed, {@code error} when
 * failed; {@code tokens} whenever tokens were counted.
 */
@Schema(name = "Job")
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobResource(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("status")
        @Schema(enumeration = {"queued", "running", "completed", "failed", "cancelled"})
        JobStatus status,
    @JsonProperty("created_at") Optional<Instant> createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("request") Optional<JobSpec> request,
    @JsonProperty("canonical_prompt")
        @Schema(
            description =
                "request.prompt in the model grammar's words, as the model reads it "
                    + "(\"A photo of 2 circles.\" -> \"two circles\"); request.prompt stays as typed",
            example = "a red circle left of a blue square")
        Optional<String> canonicalPrompt,
    @JsonProperty("progress") Optional<Progress> progress,
    @JsonProperty("result") Optional<Result> result,
    @JsonProperty("tokens") Optional<Tokens> tokens,
    @JsonProperty("error") Optional<Error> error,
    @JsonProperty("links") Links links) {

  /**
   * Where the job is: steps of the token grid done, trajectories still alive, and how many were
   * pruned.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Progress(
      @JsonProperty("step") int step,
      @JsonProperty("total_steps") int totalSteps,
      @JsonProperty("fraction") double fraction,
      @JsonProperty("live_trajectories") OptionalInt liveTrajectories,
      @JsonProperty("pruned_trajectories") int prunedTrajectories,
      @JsonProperty("theta") OptionalDouble theta,
      @JsonProperty("confidence") Optional<JobProgress.ConfidenceSummary> confidence,
      @JsonProperty("worker") Optional<String> worker,
      @JsonProperty("attempt") OptionalInt attempt) {}

  /**
   * The completed job's objects: presigned URLs (valid until {@code urls_expire_at}) and their
   * keys.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Result(
      @JsonProperty("image_url") String imageUrl,
      @JsonProperty("trace_url") String traceUrl,
      @JsonProperty("confidence_plot_url") String confidencePlotUrl,
      @JsonProperty("candidates_url") String candidatesUrl,
      @JsonProperty("manifest_url") String manifestUrl,
      @JsonProperty("urls_expire_at") Instant urlsExpireAt,
      @JsonProperty("bucket") String bucket,
      @JsonProperty("objects") JobCompleted.ObjectKeys objects,
      @JsonProperty("chosen_trajectory") int chosenTrajectory,
      @JsonProperty("chosen_confidence") OptionalDouble chosenConfidence,
      @JsonProperty("pruned_trajectories") int prunedTrajectories,
      @JsonProperty("timings") JobCompleted.Timings timings) {}

  /**
   * Visual tokens used, and those saved against a full best-of-N of the same N ({@code full_bon -
   * used}); {@code full_bon} and {@code saved} are known once the job completed.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Tokens(
      @JsonProperty("used") long used,
      @JsonProperty("row_steps") OptionalLong rowSteps,
      @JsonProperty("full_bon") OptionalLong fullBon,
      @JsonProperty("saved") OptionalLong saved,
      @JsonProperty("saved_fraction") OptionalDouble savedFraction) {}

  public record Error(
      @JsonProperty("reason") String reason,
      @JsonProperty("message") String message,
      @JsonProperty("retryable") boolean retryable) {}

  public record Links(
      @JsonProperty("self") String self,
      @JsonProperty("events") String events,
      @JsonProperty("cancel") String cancel) {

    public static Links of(String jobId) {
      String self = "/v1/jobs/" + jobId;
      return new Links(self, self + "/events", self + "/cancel");
    }
  }

  public static JobResource of(JobSnapshot s) {
    return new JobResource(
        s.jobId(),
        s.status(),
        s.request().map(r -> r.submittedAt()),
        s.updatedAt(),
        s.request().map(r -> r.spec()),
        s.canonicalPrompt(),
        progress(s),
        s.completed()
            .map(
                c ->
                    new Result(
                        c.urls().image(),
                        c.urls().trace(),
                        c.urls().confidencePlot(),
                        c.urls().candidates(),
                        c.urls().manifest(),
                        c.urlsExpireAt(),
                        c.bucket(),
                        c.objects(),
                        c.chosenTrajectory(),
                        c.chosenConfidence(),
                        c.prunedTrajectories(),
                        c.timings())),
        tokens(s),
        s.failed().map(f -> new Error(f.reason().wireName(), f.message(), f.retryable())),
        Links.of(s.jobId()));
  }

  private static Optional<Progress> progress(JobSnapshot s) {
    if (s.progress().isEmpty() && s.started().isEmpty()) {
      return Optional.empty();
    }
    int total =
        s.progress().map(JobProgress::totalSteps).orElseGet(() -> s.started().get().totalSteps());
    int step =
        s.status() == JobStatus.COMPLETED ? total : s.progress().map(JobProgress::step).orElse(0);
    return Optional.of(
        new Progress(
            step,
            total,
            total == 0 ? 0 : Math.min(1.0, (double) step / total),
            s.progress().map(p -> OptionalInt.of(p.liveTrajectories())).orElse(OptionalInt.empty()),
            s.prunedTrajectories(),
            s.progress().map(JobProgress::theta).orElse(OptionalDouble.empty()),
            s.progress().flatMap(JobProgress::confidence),
            s.started().map(st -> st.worker()),
            s.started().map(st -> OptionalInt.of(st.attempt())).orElse(OptionalInt.empty())));
  }

  private static Optional<Tokens> tokens(JobSnapshot s) {
    if (s.completed().isPresent()) {
      JobCompleted.Tokens t = s.completed().get().tokens();
      long saved = Math.max(0, t.fullBonTokens() - t.visualTokens());
      return Optional.of(
          new Tokens(
              t.visualTokens(),
              OptionalLong.of(t.rowSteps()),
              OptionalLong.of(t.fullBonTokens()),
              OptionalLong.of(saved),
              t.fullBonTokens() == 0
                  ? OptionalDouble.empty()
                  : OptionalDouble.of((double) saved / t.fullBonTokens())));
    }
    if (s.cancelled().isPresent()) {
      return Optional.of(
          new Tokens(
              s.cancelled().get().visualTokens(),
              OptionalLong.empty(),
              OptionalLong.empty(),
              OptionalLong.empty(),
              OptionalDouble.empty()));
    }
    return s.progress()
        .map(
            p ->
                new Tokens(
                    p.visualTokens(),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    OptionalDouble.empty()));
  }
}
