package dev.scalingar.shapes.grammar;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a prompt asks for, one record per task family. The renderer draws it and the scorer judges
 * an image against it through the uniform view {@link #clauses()} + {@link #requiredRelation()}.
 */
public sealed interface PromptSpec
    permits PromptSpec.SingleObject,
        PromptSpec.TwoObject,
        PromptSpec.Counting,
        PromptSpec.Colors,
        PromptSpec.Position,
        PromptSpec.ColorAttr {

  Task task();

  /** The objects the image must contain, in prompt order. */
  List<ObjectClause> clauses();

  /** For position prompts: how clause 0 must lie relative to clause 1. */
  default Optional<Relation> requiredRelation() {
    return Optional.empty();
  }

  /**
   * The spec in a normal form, so that prompts with the same meaning compare equal: "a square and a
   * circle" ≡ "a circle and a square", "A below B" ≡ "B above A".
   */
  PromptSpec canonical();

  /** The prompt in the grammar's default wording ("a", "an"). */
  default String prompt() {
    return PromptWriter.write(this, false);
  }

  /** "a square". */
  record SingleObject(Shape shape) implements PromptSpec {
    public SingleObject {
      Objects.requireNonNull(shape, "shape");
    }

    public Task task() {
      return Task.SINGLE_OBJECT;
    }

    public List<ObjectClause> clauses() {
      return List.of(ObjectClause.one(shape));
    }

    public PromptSpec canonical() {
      return this;
    }
  }

  /** "a circle and a triangle": two different shapes, colours left open. */
  record TwoObject(Shape first, Shape second) implements PromptSpec {
    public TwoObject {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      if (first == second) {
        throw new IllegalArgumentException("two_object needs two different shapes, was " + first);
      }
    }

    public Task task() {
      return Task.TWO_OBJECT;
    }

    public List<ObjectClause> clauses() {
      return List.of(ObjectClause.one(first), ObjectClause.one(second));
    }

    public PromptSpec canonical() {
      return first.compareTo(second) < 0 ? this : new TwoObject(second, first);
    }
  }

  /** "three squares": exactly that many of the shape (GenEval's include + exclude pair). */
  record Counting(int count, Shape shape) implements PromptSpec {
    public Counting {
      Objects.requireNonNull(shape, "shape");
      if (count < 2 || count > ObjectClause.MAX_COUNT) {
        throw new IllegalArgumentException("counting needs a count in 2..4, was " + count);
      }
    }

    public Task task() {
      return Task.COUNTING;
    }

    public List<ObjectClause> clauses() {
      return List.of(new ObjectClause(shape, Optional.empty(), count));
    }

    public PromptSpec canonical() {
      return this;
    }
  }

  /** "a purple circle". */
  record Colors(Colour colour, Shape shape) implements PromptSpec {
    public Colors {
      Objects.requireNonNull(colour, "colour");
      Objects.requireNonNull(shape, "shape");
    }

    public Task task() {
      return Task.COLORS;
    }

    public List<ObjectClause> clauses() {
      return List.of(ObjectClause.one(colour, shape));
    }

    public PromptSpec canonical() {
      return this;
    }
  }

  /**
   * "a red circle above a blue square": subject and reference are single objects of different
   * shapes; each colour may be given or left open.
   */
  record Position(ObjectClause subject, Relation relation, ObjectClause reference)
      implements PromptSpec {
    public Position {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(relation, "relation");
      Objects.requireNonNull(reference, "reference");
      if (subject.count() != 1 || reference.count() != 1) {
        throw new IllegalArgumentException("position relates single objects");
      }
      if (subject.shape() == reference.shape()) {
        throw new IllegalArgumentException(
            "position needs two different shapes, was " + subject.shape());
      }
    }

    public Task task() {
      return Task.POSITION;
    }

    public List<ObjectClause> clauses() {
      return List.of(subject, reference);
    }

    @Override
    public Optional<Relation> requiredRelation() {
      return Optional.of(relation);
    }

    public PromptSpec canonical() {
      return relation == Relation.LEFT_OF || relation == Relation.ABOVE
          ? this
          : new Position(reference, relation.inverse(), subject);
    }
  }

  /** "a green square and a yellow triangle": two different shapes, each with its colour. */
  record ColorAttr(ObjectClause first, ObjectClause second) implements PromptSpec {
    public ColorAttr {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      if (first.count() != 1 || second.count() != 1) {
        throw new IllegalArgumentException("color_attr relates single objects");
      }
      if (first.colour().isEmpty() || second.colour().isEmpty()) {
        throw new IllegalArgumentException("color_attr needs a colour on both objects");
      }
      if (first.shape() == second.shape()) {
        throw new IllegalArgumentException(
            "color_attr needs two different shapes, was " + first.shape());
      }
    }

    public static ColorAttr of(Colour c1, Shape s1, Colour c2, Shape s2) {
      return new ColorAttr(ObjectClause.one(c1, s1), ObjectClause.one(c2, s2));
    }

    public Task task() {
      return Task.COLOR_ATTR;
    }

    public List<ObjectClause> clauses() {
      return List.of(first, second);
    }

    public PromptSpec canonical() {
      List<ObjectClause> sorted =
          clauses().stream().sorted(Comparator.comparing(ObjectClause::shape)).toList();
      return new ColorAttr(sorted.get(0), sorted.get(1));
    }
  }
}
