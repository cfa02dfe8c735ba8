package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of GET /v1/jobs; pass {@code next_cursor} as {@code cursor} for the next (absent on the
 * last).
 */
@Schema(name = "JobPage")
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobPage(
    @JsonProperty("jobs") List<JobResource> jobs,
    @JsonProperty("next_cursor") Optional<String> nextCursor) {}
