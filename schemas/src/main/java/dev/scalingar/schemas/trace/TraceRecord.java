package dev.scalingar.schemas.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One live trajectory at one step, with exactly the columns of SCALINGAR.md. Boxed so that a
 * signal a strategy does not compute (e.g. B for best-of-N) is written as null, not as a fake 0.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TraceRecord(
    @JsonProperty("trajectory") int trajectory,
    @JsonProperty("step") int step,
    @JsonProperty("token") int token,
    @JsonProperty("Hn") Double hn,
    @JsonProperty("m") Double m,
    @JsonProperty("u") Double u,
    @JsonProperty("stok") Double stok,
    @JsonProperty("e") Double e,
    @JsonProperty("B") Double b,
    @JsonProperty("I") Double i,
    @JsonProperty("K") Double k,
    @JsonProperty("D") Double d,
    @JsonProperty("C") Double c,
    @JsonProperty("Cmin") Double cmin,
    @JsonProperty("R") Double r,
    @JsonProperty("theta") Double theta,
    @JsonProperty("cfg_scale") double cfgScale,
    @JsonProperty("event") TraceEvent event) {}
