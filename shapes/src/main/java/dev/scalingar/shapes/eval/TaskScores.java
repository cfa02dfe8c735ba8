package dev.scalingar.shapes.eval;

import dev.scalingar.shapes.grammar.Task;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Accuracy per task and overall, as GenEval reports it: a task's accuracy is the mean over its
 * images, overall is the unweighted mean of the tasks that have images.
 */
public final class TaskScores {

  private final Map<Task, int[]> tallies = new EnumMap<>(Task.class); // task -> {correct, total}

  /** Adds one judged image. */
  public TaskScores add(Task task, boolean correct) {
    int[] t = tallies.computeIfAbsent(task, k -> new int[2]);
    t[0] += correct ? 1 : 0;
    t[1]++;
    return this;
  }

  public TaskScores add(Verdict verdict) {
    return add(verdict.task(), verdict.correct());
  }

  /** Accuracy of each task that has at least one image. */
  public Map<Task, Double> perTask() {
    Map<Task, Double> out = new EnumMap<>(Task.class);
    tallies.forEach((task, t) -> out.put(task, (double) t[0] / t[1]));
    return Collections.unmodifiableMap(out);
  }

  /** Unweighted mean of {@link #perTask()}; 0 when nothing was added. */
  public double overall() {
    return perTask().values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** Number of images added. */
  public int count() {
    return tallies.values().stream().mapToInt(t -> t[1]).sum();
  }
}
