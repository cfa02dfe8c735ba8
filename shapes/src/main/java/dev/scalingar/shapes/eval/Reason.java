package dev.scalingar.shapes.eval;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.ObjectClause;
import dev.scalingar.shapes.grammar.Relation;
import dev.scalingar.shapes.grammar.Shape;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Why an image failed one clause of its prompt. */
public sealed interface Reason
    permits Reason.MissingObject, Reason.WrongCount, Reason.WrongColour, Reason.WrongRelation {

  /** Stable machine-readable kind: missing_object, wrong_count, wrong_colour, wrong_relation. */
  String kind();

  /** One line for people, in GenEval's wording. */
  String message();

  /** Fewer objects of the clause's shape than it asks for. */
  record MissingObject(ObjectClause clause, int found) implements Reason {
    public String kind() {
      return "missing_object";
    }

    public String message() {
      return "expected " + clause.shape().singular() + ">=" + clause.count() + ", found " + found;
    }
  }

  /** Counting: not exactly the asked number of the shape. */
  record WrongCount(Shape shape, int expected, int found) implements Reason {
    public String kind() {
      return "wrong_count";
    }

    public String message() {
      return "expected " + shape.singular() + "==" + expected + ", found " + found;
    }
  }

  /** The clause's objects (the largest of its shape) are not all of the asked colour. */
  record WrongColour(ObjectClause clause, List<Colour> found) implements Reason {
    public WrongColour {
      found = List.copyOf(found);
    }

    public String kind() {
      return "wrong_colour";
    }

    public String message() {
      return "expected "
          + clause.colour().map(Colour::word).orElse("?")
          + " "
          + clause.shape().singular()
          + ", found "
          + found.stream().map(Colour::word).collect(Collectors.joining(" and "));
    }
  }

  /** Both objects are there, but the subject does not lie {@code expected} the reference. */
  record WrongRelation(Shape subject, Relation expected, Shape reference, Set<Relation> found)
      implements Reason {
    public WrongRelation {
      found = Set.copyOf(found);
    }

    public String kind() {
      return "wrong_relation";
    }

    public String message() {
      String actual =
          found.isEmpty()
              ? "no clear relation to"
              : found.stream().sorted().map(Relation::phrase).collect(Collectors.joining(" and "));
      return "expected "
          + subject.singular()
          + " "
          + expected.phrase()
          + " "
          + reference.singular()
          + ", found "
          + actual
          + " it";
    }
  }
}
