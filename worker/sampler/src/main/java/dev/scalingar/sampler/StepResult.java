package dev.scalingar.sampler;

import java.util.List;

/**
 * What one step decided.
 *
 * @param step the 0-based step just sampled
 * @param tokens the token of every trajectory that was live at this step (ascending trajectory),
 *     including those that ended at it
 * @param ended the trajectories that ended at this step: the engine frees their slots
 * @param copies state copies to apply before the next step (importance sampling only)
 * @param trace one row per trajectory live at this step
 * @param done the job has no live trajectory left: call {@code finish()}
 */
public record StepResult(
    int step,
    List<SampledToken> tokens,
    List<TrajectoryEnd> ended,
    List<StateCopy> copies,
    List<TraceRow> trace,
    boolean done) {

  public StepResult {
    tokens = List.copyOf(tokens);
    ended = List.copyOf(ended);
    copies = List.copyOf(copies);
    trace = List.copyOf(trace);
  }
}
