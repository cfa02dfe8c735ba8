package dev.scalingar.sampler;

import java.util.List;

/** One step of one job: the logits of every live trajectory, in any order. */
public record StepInput(List<TrajectoryLogits> rows) {

  public StepInput {
    rows = List.copyOf(rows);
  }

  public static StepInput of(TrajectoryLogits... rows) {
    return new StepInput(List.of(rows));
  }
}
