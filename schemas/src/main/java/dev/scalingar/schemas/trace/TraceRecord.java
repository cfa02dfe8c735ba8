package dev.scalingar.schemas.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One live trajectory at one step, with the columns of docs/algorithm.md and, from trace version 2,
 * the sampled token's surprisal {@code s} and the paper's uncalibrated {@code C_paper}. Boxed so
 * that a signal a strategy does not compute (e.g. B for best-of-N) is written as null, not as a
 * fake 0.
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
    @JsonProperty("event") TraceEvent event,
    @JsonProperty("s") Double s,
    @JsonProperty("C_paper") Double cPaper) {

  /** A version-1 record: no surprisal, no separate paper C. */
  public TraceRecord(
      int trajectory,
      int step,
      int token,
      Double hn,
      Double m,
      Double u,
      Double stok,
      Double e,
      Double b,
      Double i,
      Double k,
      Double d,
      Double c,
      Double cmin,
      Double r,
      Double theta,
      double cfgScale,
      TraceEvent event) {
    this(
        trajectory,
        step,
        token,
        hn,
        m,
        u,
        stok,
        e,
        b,
        i,
        k,
        d,
        c,
        cmin,
        r,
        theta,
        cfgScale,
        event,
        null,
        null);
  }
}
