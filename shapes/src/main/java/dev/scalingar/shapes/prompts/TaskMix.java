package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.Task;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * How often the training sampler draws each task family. A training-distribution choice only: the
 * dev and evaluation prompt sets are fixed files and never depend on it.
 *
 * @param weights relative weight per task (every task present, each &gt; 0)
 */
public record TaskMix(String name, Map<Task, Double> weights) {

  /** Every family equally likely: what trained {@code shapes-v1}. */
  public static final TaskMix UNIFORM = of("uniform", 1, 1, 1, 1, 1, 1);

  /**
   * Twice the counting, position and colour-attribution scenes, 1.5× the two-object ones: the
   * families {@code shapes-v1} is weakest at (eval-300 base 0.14, 0.02, 0.20) are the ones whose
   * scenes carry several objects whose count, order or colour binding must all be right.
   */
  public static final TaskMix COMPOSITIONAL = of("compositional", 1, 1.5, 2, 1, 2, 2);

  public TaskMix {
    weights = Map.copyOf(weights);
    for (Task t : Task.values()) {
      Double w = weights.get(t);
      if (w == null || !(w > 0)) {
        throw new IllegalArgumentException(
            "task mix '" + name + "': weight of " + t.tag() + " must be > 0");
      }
    }
  }

  /**
   * Weights in {@link Task} order: single, two, counting, colours, position, colour attribution.
   */
  public static TaskMix of(String name, double... inTaskOrder) {
    if (inTaskOrder.length != Task.values().length) {
      throw new IllegalArgumentException("a task mix needs " + Task.values().length + " weights");
    }
    Map<Task, Double> w = new EnumMap<>(Task.class);
    for (Task t : Task.values()) {
      w.put(t, inTaskOrder[t.ordinal()]);
    }
    return new TaskMix(name, w);
  }

  /** {@code uniform} or {@code compositional}. */
  public static TaskMix named(String name) {
    return switch (name) {
      case "uniform" -> UNIFORM;
      case "compositional" -> COMPOSITIONAL;
      default ->
          throw new IllegalArgumentException(
              "unknown task mix '" + name + "'; known: uniform, compositional");
    };
  }

  /** One task, drawn with these weights. */
  Task draw(SplittableRandom random) {
    double total = Arrays.stream(Task.values()).mapToDouble(weights::get).sum();
    double u = random.nextDouble() * total;
    for (Task t : Task.values()) {
      u -= weights.get(t);
      if (u < 0) {
        return t;
      }
    }
    return Task.values()[Task.values().length - 1];
  }

  /** {@code single_object=1,two_object=1.5,…}, for logs and weights metadata. */
  public String describe() {
    return Arrays.stream(Task.values())
        .map(t -> t.tag() + "=" + String.format(Locale.ROOT, "%s", weights.get(t)))
        .collect(Collectors.joining(","));
  }
}
