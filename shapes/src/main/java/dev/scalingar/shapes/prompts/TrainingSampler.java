package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.PromptWriter;
import dev.scalingar.shapes.grammar.Task;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training distribution: (prompt, spec) pairs with the six task families drawn by a {@link
 * TaskMix} (equally likely by default, as {@code shapes-v1} was trained), every choice within a
 * family uniform, wording varied ("a circle" / "one circle"), and each object of a position prompt
 * coloured with probability 3/4. The same seed gives the same sequence.
 */
public final class TrainingSampler {

  /** Probability that a single object is written "one ..." rather than "a ...". */
  static final double SAY_ONE = 0.25;

  static final double COLOUR_POSITIONS = 0.75;

  private final SplittableRandom random;
  private final TaskMix mix;

  public TrainingSampler(long seed) {
    this(seed, TaskMix.UNIFORM);
  }

  public TrainingSampler(long seed, TaskMix mix) {
    this.random = new SplittableRandom(seed);
    this.mix = Objects.requireNonNull(mix, "mix");
  }

  /**
   * One training example.
   *
   * @param prompt the words the model's prefix sees
   * @param spec what they mean; render it with {@code renderSeed} for the target image
   * @param renderSeed a seed for {@link dev.scalingar.shapes.render.Renderer#render}
   */
  public record Sample(String prompt, PromptSpec spec, long renderSeed) {
    public Sample {
      Objects.requireNonNull(prompt, "prompt");
      Objects.requireNonNull(spec, "spec");
    }
  }

  /** The next example. */
  public Sample next() {
    // The uniform mix keeps its original single draw so shapes-v1's training data is unchanged.
    Task task =
        mix.equals(TaskMix.UNIFORM)
            ? Task.values()[random.nextInt(Task.values().length)]
            : mix.draw(random);
    PromptSpec spec = SpecSampler.spec(task, random, COLOUR_POSITIONS);
    String prompt = PromptWriter.write(spec, random.nextDouble() < SAY_ONE);
    return new Sample(prompt, spec, random.nextLong());
  }
}
