package dev.scalingar.shapes.grammar;

/** Spatial relations of the position task, with GenEval's wording. */
public enum Relation {
  LEFT_OF("left of"),
  RIGHT_OF("right of"),
  ABOVE("above"),
  BELOW("below");

  private final String phrase;

  Relation(String phrase) {
    this.phrase = phrase;
  }

  /** The words of the prompt ("left of"). */
  public String phrase() {
    return phrase;
  }

  /** The relation that holds the other way round: A left of B ⇔ B right of A. */
  public Relation inverse() {
    return switch (this) {
      case LEFT_OF -> RIGHT_OF;
      case RIGHT_OF -> LEFT_OF;
      case ABOVE -> BELOW;
      case BELOW -> ABOVE;
    };
  }
}
