package dev.scalingar.shapes.eval;

import dev.scalingar.shapes.grammar.Task;
import java.util.List;
import java.util.Objects;

/**
 * The judgement of one image: correct only if every clause of the prompt holds.
 *
 * @param task the prompt's task family
 * @param correct whether every clause holds
 * @param reasons why not, one per failed clause; empty when correct
 * @param objects what the scorer saw, largest first
 */
public record Verdict(
    Task task, boolean correct, List<Reason> reasons, List<DetectedObject> objects) {

  public Verdict {
    Objects.requireNonNull(task, "task");
    reasons = List.copyOf(reasons);
    objects = List.copyOf(objects);
    if (correct != reasons.isEmpty()) {
      throw new IllegalArgumentException("a verdict is correct exactly when it has no reasons");
    }
  }
}
