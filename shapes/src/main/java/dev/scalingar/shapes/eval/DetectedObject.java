package dev.scalingar.shapes.eval;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.Shape;
import java.util.Objects;

/**
 * One object the scorer found in an image.
 *
 * @param shape the best-matching shape template
 * @param colour the palette colour of its pixels
 * @param area pixel count; ranks objects the way a detector's confidence does in GenEval
 * @param centroidX mean x of its pixel centres
 * @param centroidY mean y of its pixel centres
 * @param width bounding-box width in pixels
 * @param height bounding-box height in pixels
 * @param match intersection-over-union with the shape's template (1 = perfect)
 */
public record DetectedObject(
    Shape shape,
    Colour colour,
    int area,
    double centroidX,
    double centroidY,
    int width,
    int height,
    double match) {

  public DetectedObject {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(colour, "colour");
  }
}
