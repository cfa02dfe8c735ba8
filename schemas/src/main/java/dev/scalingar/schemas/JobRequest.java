package dev.scalingar.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A job on its model's jobs topic, {@link Topics#jobs(String)} (job-request.schema.json): the
 * client's spec plus what the gateway assigned.
 */
public record JobRequest(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("submitted_at") Instant submittedAt,
    @JsonProperty("spec") JobSpec spec) {}
