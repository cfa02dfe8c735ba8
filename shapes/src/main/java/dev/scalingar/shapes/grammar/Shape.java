package dev.scalingar.shapes.grammar;

/**
 * The shapes of ShapesWorld. Every shape is drawn inside a square box, apex up for the triangle, so
 * one membership test serves both the renderer (to draw) and the scorer (as a template to match).
 */
public enum Shape {
  CIRCLE("circle", "circles"),
  SQUARE("square", "squares"),
  TRIANGLE("triangle", "triangles"),
  DIAMOND("diamond", "diamonds"),
  CROSS("cross", "crosses");

  private final String singular;
  private final String plural;

  Shape(String singular, String plural) {
    this.singular = singular;
    this.plural = plural;
  }

  public String singular() {
    return singular;
  }

  public String plural() {
    return plural;
  }

  /**
   * Whether the point (u, v) of the unit box (u right, v down, both in [0, 1]) lies inside the
   * shape. Pixels are sampled at their centres, so a shape of side s covers the pixels whose centre
   * passes this test.
   */
  public boolean contains(double u, double v) {
    double du = u - 0.5;
    double dv = v - 0.5;
    return switch (this) {
      case CIRCLE -> du * du + dv * dv <= 0.25;
      case SQUARE -> true;
      // apex at the top centre, base along the bottom edge
      case TRIANGLE -> Math.abs(du) <= v / 2;
      case DIAMOND -> Math.abs(du) + Math.abs(dv) <= 0.5;
      // arms one third of the side wide: wide enough to survive 4×4 patch quantisation
      case CROSS -> Math.abs(du) <= 1.0 / 6 || Math.abs(dv) <= 1.0 / 6;
    };
  }
}
