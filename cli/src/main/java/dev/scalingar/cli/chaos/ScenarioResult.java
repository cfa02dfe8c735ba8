package dev.scalingar.cli.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One scenario's line of {@code chaos.json} (schema {@code chaos}, docs/outputs.md).
 *
 * @param submitted POST /v1/jobs requests sent (a retried 429 counts once)
 * @param accepted of those, answered 202
 * @param completed accepted jobs with a completed event
 * @param failed accepted jobs that failed (or were cancelled), {@code failedReasons} by reason
 * @param lost accepted jobs with no terminal event within the scenario's deadline
 * @param duplicated accepted jobs with more than one outcome or object set ({@link Tally})
 * @param gatewayDuringFault what the gateway answered while the fault lasted, {@code "METHOD CODE"}
 *     (or {@code "METHOD refused"} when nothing listened) to a count
 * @param notes what else the scenario saw (attempts, reconnects, restarts), in words
 */
@JsonPropertyOrder({
  "name",
  "fault",
  "submitted",
  "accepted",
  "completed",
  "failed",
  "failed_reasons",
  "lost",
  "duplicated",
  "gateway_during_fault",
  "notes"
})
public record ScenarioResult(
    @JsonProperty("name") String name,
    @JsonProperty("fault") String fault,
    @JsonProperty("submitted") int submitted,
    @JsonProperty("accepted") int accepted,
    @JsonProperty("completed") int completed,
    @JsonProperty("failed") int failed,
    @JsonProperty("failed_reasons") Map<String, Integer> failedReasons,
    @JsonProperty("lost") int lost,
    @JsonProperty("duplicated") int duplicated,
    @JsonProperty("gateway_during_fault") Map<String, Integer> gatewayDuringFault,
    @JsonProperty("notes") String notes) {}
