package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.ObjectClause;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.Relation;
import dev.scalingar.shapes.grammar.Shape;
import dev.scalingar.shapes.grammar.Task;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Draws a random spec of a task family, uniformly over its choices. */
final class SpecSampler {

  private SpecSampler() {}

  /**
   * A random spec of the task.
   *
   * @param colourPositions probability that each object of a position prompt names its colour
   */
  static PromptSpec spec(Task task, RandomGenerator random, double colourPositions) {
    return switch (task) {
      case SINGLE_OBJECT -> new PromptSpec.SingleObject(shape(random));
      case TWO_OBJECT -> {
        Shape[] pair = twoShapes(random);
        yield new PromptSpec.TwoObject(pair[0], pair[1]);
      }
      case COUNTING ->
          new PromptSpec.Counting(random.nextInt(2, ObjectClause.MAX_COUNT + 1), shape(random));
      case COLORS -> new PromptSpec.Colors(colour(random), shape(random));
      case POSITION -> {
        Shape[] pair = twoShapes(random);
        Relation relation = Relation.values()[random.nextInt(Relation.values().length)];
        yield new PromptSpec.Position(
            clause(pair[0], random, colourPositions),
            relation,
            clause(pair[1], random, colourPositions));
      }
      case COLOR_ATTR -> {
        Shape[] pair = twoShapes(random);
        yield PromptSpec.ColorAttr.of(colour(random), pair[0], colour(random), pair[1]);
      }
    };
  }

  private static ObjectClause clause(
      Shape shape, RandomGenerator random, double colourProbability) {
    Optional<Colour> colour =
        random.nextDouble() < colourProbability ? Optional.of(colour(random)) : Optional.empty();
    return new ObjectClause(shape, colour, 1);
  }

  private static Shape shape(RandomGenerator random) {
    return Shape.values()[random.nextInt(Shape.values().length)];
  }

  private static Shape[] twoShapes(RandomGenerator random) {
    int n = Shape.values().length;
    int a = random.nextInt(n);
    int b = (a + 1 + random.nextInt(n - 1)) % n; // any shape but a
    return new Shape[] {Shape.values()[a], Shape.values()[b]};
  }

  private static Colour colour(RandomGenerator random) {
    return Colour.values()[random.nextInt(Colour.values().length)];
  }
}
