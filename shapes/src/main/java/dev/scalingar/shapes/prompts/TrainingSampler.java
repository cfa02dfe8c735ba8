package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.PromptWriter;
import dev.scalingar.shapes.grammar.Task;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training distribution: (prompt, spec) pairs with the six task families equally likely, every
 * choice within a family uniform, wording varied ("a circle" / "one circle"), and each object of a
 * position prompt coloured with probability 3/4. The same seed gives the same sequence.
 */
public final class TrainingSampler {

    /** Probability that a single object is written "one ..." rather than "a ...". */
    static final double SAY_ONE = 0.25;

    static final double COLOUR_POSITIONS = 0.75;

    private final SplittableRandom random;

    public TrainingSampler(long seed) {
        this.random = new SplittableRandom(seed);
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
        Task task = Task.values()[random.nextInt(Task.values().length)];
        PromptSpec spec = SpecSampler.spec(task, random, COLOUR_POSITIONS);
        String prompt = PromptWriter.write(spec, random.nextDouble() < SAY_ONE);
        return new Sample(prompt, spec, random.nextLong());
    }
}
