package dev.scalingar.shapes.render;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.Shape;
import java.util.Objects;

/**
 * One object as the renderer placed it: a shape of a colour inside the square box whose top-left
 * corner is (x, y) and whose side is {@code side} pixels.
 */
public record PlacedObject(Shape shape, Colour colour, int x, int y, int side) {

  public PlacedObject {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(colour, "colour");
    if (side <= 0) {
      throw new IllegalArgumentException("side must be positive, was " + side);
    }
  }

  public double centreX() {
    return x + side / 2.0;
  }

  public double centreY() {
    return y + side / 2.0;
  }

  /** Whether the boxes of the two objects keep at least {@code gap} empty pixels between them. */
  public boolean isApartFrom(PlacedObject other, int gap) {
    return x + side + gap <= other.x
        || other.x + other.side + gap <= x
        || y + side + gap <= other.y
        || other.y + other.side + gap <= y;
  }
}
