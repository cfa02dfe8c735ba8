package dev.scalingar.shapes.grammar;

import java.util.Objects;
import java.util.Optional;

/**
 * One noun phrase of a prompt: "three squares", "a purple circle". The unit GenEval's metadata
 * calls an {@code include} entry: a class, a count and an optional colour.
 *
 * @param shape the shape named
 * @param colour the colour named, empty when the prompt leaves it to the renderer
 * @param count how many, 1 to 4
 */
public record ObjectClause(Shape shape, Optional<Colour> colour, int count) {

  public static final int MIN_COUNT = 1;
  public static final int MAX_COUNT = 4;

  public ObjectClause {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(colour, "colour");
    if (count < MIN_COUNT || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be in 1..4, was " + count);
    }
  }

  /** One object of a shape, colour left open. */
  public static ObjectClause one(Shape shape) {
    return new ObjectClause(shape, Optional.empty(), 1);
  }

  /** One object of a shape and colour. */
  public static ObjectClause one(Colour colour, Shape shape) {
    return new ObjectClause(shape, Optional.of(colour), 1);
  }
}
