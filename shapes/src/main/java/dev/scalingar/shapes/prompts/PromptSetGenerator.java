package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.PromptWriter;
import dev.scalingar.shapes.grammar.Task;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How eval-v1 and dev-v1 were written (once; the files are frozen by checksum, and a test checks
 * that this code still reproduces them). Each family draws random specs, preferring meanings not
 * used yet, so the small families (5 single objects, 10 pairs, 15 counts) are covered evenly and
 * the large ones (position, color_attr) have no repeats. The dev set avoids every meaning of the
 * evaluation set wherever the family has meanings left.
 */
final class PromptSetGenerator {

  static final long EVAL_SEED = 20_250_501L;
  static final long DEV_SEED = 20_250_502L;
  static final int EVAL_PER_TASK = 50;
  static final int DEV_PER_TASK = 16;

  /** Draws after which a family counts as exhausted and meanings may repeat. */
  private static final int PATIENCE = 2_000;

  private PromptSetGenerator() {}

  static String evalV1() {
    return generate("eval-v1", EVAL_SEED, EVAL_PER_TASK, Set.of());
  }

  static String devV1() {
    Set<PromptSpec> evalMeanings = new HashSet<>();
    PromptSet.parse("eval-v1", evalV1())
        .entries()
        .forEach(e -> evalMeanings.add(e.spec().canonical()));
    return generate("dev-v1", DEV_SEED, DEV_PER_TASK, evalMeanings);
  }

  private static String generate(String name, long seed, int perTask, Set<PromptSpec> avoid) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder();
    out.append("# ShapesWorld prompt set ")
        .append(name)
        .append(": task<TAB>prompt, ")
        .append(perTask)
        .append(" per task. Frozen; do not edit.\n");
    for (Task task : Task.values()) {
      Set<PromptSpec> used = new HashSet<>(avoid);
      for (int line = 0; line < perTask; line++) {
        PromptSpec spec = fresh(task, random, used);
        String prompt = PromptWriter.write(spec, random.nextDouble() < TrainingSampler.SAY_ONE);
        out.append(task.tag()).append('\t').append(prompt).append('\n');
      }
    }
    return out.toString();
  }

  /** A spec whose meaning is not in {@code used}; when none is left, {@code used} starts over. */
  private static PromptSpec fresh(Task task, SplittableRandom random, Set<PromptSpec> used) {
    while (true) {
      for (int draw = 0; draw < PATIENCE; draw++) {
        // position prompts of the sets always name both colours, as in "a red circle above a blue
        // square"
        PromptSpec spec = SpecSampler.spec(task, random, 1.0);
        if (used.add(spec.canonical())) {
          return spec;
        }
      }
      used.clear();
    }
  }
}
