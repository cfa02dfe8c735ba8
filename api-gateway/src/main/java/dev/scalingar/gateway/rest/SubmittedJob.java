package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.gateway.view.JobStatus;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to POST /v1/jobs (202): the job's id, the seed it runs with (the gateway's pick when
 * the request had none) and where to follow it.
 */
@Schema(name = "SubmittedJob")
public record SubmittedJob(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("status")
        @Schema(enumeration = {"queued", "running", "completed", "failed", "cancelled"})
        JobStatus status,
    @JsonProperty("seed") long seed,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("status_url") String statusUrl,
    @JsonProperty("events_url") String eventsUrl,
    @JsonProperty("links") JobResource.Links links) {

  public static SubmittedJob of(String jobId, JobStatus status, long seed, Instant createdAt) {
    JobResource.Links links = JobResource.Links.of(jobId);
    return new SubmittedJob(jobId, status, seed, createdAt, links.self(), links.events(), links);
  }
}
