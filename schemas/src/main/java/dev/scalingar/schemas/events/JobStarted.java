package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;

public record JobStarted(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("worker") String worker,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("trajectories") int trajectories,
    @JsonProperty("total_steps") int totalSteps)
    implements JobEvent {}
