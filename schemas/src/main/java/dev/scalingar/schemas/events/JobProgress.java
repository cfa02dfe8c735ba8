package dev.scalingar.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.schemas.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * @param curve per-trajectory C and θ at the steps since the previous progress event (optional,
 *     added within v1: absent from workers that predate it)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobProgress(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("step") int step,
    @JsonProperty("total_steps") int totalSteps,
    @JsonProperty("live_trajectories") int liveTrajectories,
    @JsonProperty("visual_tokens") long visualTokens,
    @JsonProperty("theta") OptionalDouble theta,
    @JsonProperty("confidence") Optional<ConfidenceSummary> confidence,
    @JsonProperty("curve") Optional<Curve> curve)
    implements JobEvent {

  public JobProgress {
    theta = theta == null ? OptionalDouble.empty() : theta;
    confidence = confidence == null ? Optional.empty() : confidence;
    curve = curve == null ? Optional.empty() : curve;
  }

  /** A progress event without a curve (as workers before the curve wrote them). */
  public JobProgress(
      String jobId,
      String tenant,
      int step,
      int totalSteps,
      int liveTrajectories,
      long visualTokens,
      OptionalDouble theta,
      Optional<ConfidenceSummary> confidence) {
    this(
        jobId,
        tenant,
        step,
        totalSteps,
        liveTrajectories,
        visualTokens,
        theta,
        confidence,
        Optional.empty());
  }

  /** Min, median and max of C over the live trajectories. */
  public record ConfidenceSummary(
      @JsonProperty("min") double min,
      @JsonProperty("p50") double p50,
      @JsonProperty("max") double max) {}

  /**
   * C of each trajectory and θ at {@code steps} (0-based, as in trace records); the lists are
   * parallel to {@code steps}, and a null entry means undefined there (warm-up, or the trajectory
   * no longer ran). Null entries are the wire's own way to say so, hence lists that allow them.
   */
  public record Curve(
      @JsonProperty("steps") List<Integer> steps,
      @JsonProperty("theta") List<Double> theta,
      @JsonProperty("trajectories") List<Series> trajectories,
      @JsonProperty("marks") List<Mark> marks) {

    public Curve {
      steps = List.copyOf(steps);
      theta = nullable(theta);
      trajectories = List.copyOf(trajectories);
      marks = List.copyOf(marks);
      int n = steps.size();
      if (theta.size() != n || trajectories.stream().anyMatch(s -> s.c().size() != n)) {
        throw new IllegalArgumentException(
            "curve: theta and every trajectory's C must have one entry per step");
      }
    }
  }

  /** One trajectory's C at the curve's steps. */
  public record Series(
      @JsonProperty("trajectory") int trajectory, @JsonProperty("C") List<Double> c) {
    public Series {
      c = nullable(c);
    }
  }

  /** A trajectory was flagged, recovered or terminated at {@code step}. */
  public record Mark(
      @JsonProperty("trajectory") int trajectory,
      @JsonProperty("step") int step,
      @JsonProperty("event") TraceEvent event) {
    public Mark {
      if (event == TraceEvent.SELECTED) {
        throw new IllegalArgumentException(
            "curve marks are flagged, recovered or terminated; selection comes with completion");
      }
    }
  }

  /** An immutable copy that keeps null entries (List.copyOf refuses them). */
  private static List<Double> nullable(List<Double> values) {
    return Collections.unmodifiableList(new ArrayList<>(values));
  }
}
