package dev.scalingar.shapes;

import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.eval.TaskScores;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.render.RgbImage;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The figures that show ShapesEval is an exact judge of ShapesWorld (issue 5's "done when"), over
 * every prompt of a set, image i rendered with seed i:
 *
 * <ul>
 *   <li>{@code renderer_correct}: the renderer's own images judged correct (goal ≥ 0.99);
 *   <li>{@code cross_prompt_correct}: each prompt judged against the image of the next prompt of
 *       its task with a different meaning (goal ≤ 0.10);
 *   <li>{@code roundtrip_correct}: the renderer's images after tokenize → detokenize (goal ≥ 0.97);
 *   <li>{@code noise_score}, {@code blank_score}: uniform RGB noise and blank canvases (white,
 *       black, mid grey) judged against every prompt (goal 0 on every task).
 * </ul>
 *
 * Each figure is the overall score: the unweighted mean of the six task accuracies.
 */
public final class ShapesCheck {

  /** Blank canvases cycled over the prompts: the background, black, mid grey. */
  static final int[] BLANKS = {Renderer.BACKGROUND, 0x000000, 0x808080};

  /**
   * The five figures, each with its per-task accuracies.
   *
   * @param prompts how many prompts were judged per figure
   */
  public record Report(
      String set,
      int prompts,
      Scores rendererCorrect,
      Scores crossPromptCorrect,
      Scores roundtripCorrect,
      Scores noiseScore,
      Scores blankScore) {

    /** Whether every figure meets issue 5's goal. */
    public boolean passes() {
      return rendererCorrect.overall() >= 0.99
          && crossPromptCorrect.overall() <= 0.10
          && roundtripCorrect.overall() >= 0.97
          && noiseScore.perTask().values().stream().allMatch(v -> v == 0)
          && blankScore.perTask().values().stream().allMatch(v -> v == 0);
    }
  }

  /** Overall accuracy and accuracy per task. */
  public record Scores(double overall, Map<Task, Double> perTask) {
    public Scores {
      perTask = Map.copyOf(perTask);
    }

    static Scores of(TaskScores scores) {
      return new Scores(scores.overall(), scores.perTask());
    }
  }

  private ShapesCheck() {}

  /** Runs the check over a prompt set with a tokenizer (normally the shipped one). */
  public static Report run(PromptSet set, ImageTokenizer tokenizer) {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(tokenizer, "tokenizer");
    List<PromptSet.Entry> entries = set.entries();
    TaskScores renderer = new TaskScores();
    TaskScores cross = new TaskScores();
    TaskScores roundtrip = new TaskScores();
    TaskScores noise = new TaskScores();
    TaskScores blank = new TaskScores();
    for (int i = 0; i < entries.size(); i++) {
      PromptSpec spec = entries.get(i).spec();
      RgbImage image = Renderer.render(spec, i);
      renderer.add(ShapesEval.judge(spec, image));
      roundtrip.add(ShapesEval.judge(spec, tokenizer.decode(tokenizer.encode(image))));
      int other = otherMeaning(entries, i);
      cross.add(ShapesEval.judge(spec, Renderer.render(entries.get(other).spec(), other)));
      noise.add(ShapesEval.judge(spec, uniformNoise(i)));
      blank.add(
          ShapesEval.judge(
              spec, RgbImage.filled(Renderer.SIZE, Renderer.SIZE, BLANKS[i % BLANKS.length])));
    }
    return new Report(
        set.name(),
        entries.size(),
        Scores.of(renderer),
        Scores.of(cross),
        Scores.of(roundtrip),
        Scores.of(noise),
        Scores.of(blank));
  }

  /** The next entry (cyclically) of the same task whose meaning differs from entry i's. */
  static int otherMeaning(List<PromptSet.Entry> entries, int i) {
    PromptSet.Entry entry = entries.get(i);
    for (int step = 1; step < entries.size(); step++) {
      int j = (i + step) % entries.size();
      PromptSet.Entry candidate = entries.get(j);
      if (candidate.task() == entry.task()
          && !candidate.spec().canonical().equals(entry.spec().canonical())) {
        return j;
      }
    }
    throw new IllegalArgumentException(
        "task " + entry.task().tag() + " has a single meaning in the set");
  }

  /** Every channel of every pixel uniform in 0..255, seeded. */
  public static RgbImage uniformNoise(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] px = new int[Renderer.SIZE * Renderer.SIZE];
    for (int i = 0; i < px.length; i++) {
      px[i] = random.nextInt(1 << 24);
    }
    return new RgbImage(Renderer.SIZE, Renderer.SIZE, px);
  }
}
