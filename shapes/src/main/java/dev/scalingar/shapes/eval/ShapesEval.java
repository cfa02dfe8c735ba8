package dev.scalingar.shapes.eval;

import dev.scalingar.shapes.grammar.ObjectClause;
import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.Relation;
import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.render.RgbImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges an image against a prompt with GenEval's rules ({@code evaluate_images.py}), reading the
 * image through {@link SceneReader}:
 *
 * <ul>
 *   <li>every clause needs at least {@code count} objects of its shape; the largest ones stand for
 *       the detector's most confident boxes;
 *   <li>a colour in the clause must be the colour of each of those {@code count} objects;
 *   <li>counting needs exactly {@code count} (GenEval's include + exclude pair);
 *   <li>position: the largest subject and the largest reference, both matched, must stand in the
 *       relation by GenEval's {@code relative_position} (centroid offset shrunk by 0.1 of the box
 *       sizes, then the direction's component beyond 0.5).
 * </ul>
 *
 * An image is correct only if every clause holds.
 */
public final class ShapesEval {

  /** GenEval's POSITION_THRESHOLD: fraction of the two box sizes an offset must exceed. */
  public static final double POSITION_THRESHOLD = 0.1;

  private ShapesEval() {}

  /** Parses the prompt and judges the image against it. */
  public static Verdict judge(String prompt, RgbImage image) {
    return judge(PromptParser.parse(prompt), image);
  }

  public static Verdict judge(PromptSpec spec, RgbImage image) {
    return judge(spec, SceneReader.read(image));
  }

  /** Judges objects already read from an image. */
  public static Verdict judge(PromptSpec spec, List<DetectedObject> objects) {
    List<Reason> reasons = new ArrayList<>();
    List<Optional<List<DetectedObject>>> matched = new ArrayList<>();
    for (ObjectClause clause : spec.clauses()) {
      matched.add(checkClause(clause, spec.task(), objects, reasons));
    }
    spec.requiredRelation().ifPresent(r -> checkRelation(spec, r, matched, reasons));
    return new Verdict(spec.task(), reasons.isEmpty(), reasons, objects);
  }

  /** The clause's objects when it holds; adds a reason when it does not. */
  private static Optional<List<DetectedObject>> checkClause(
      ObjectClause clause, Task task, List<DetectedObject> objects, List<Reason> reasons) {
    List<DetectedObject> ofShape =
        objects.stream().filter(o -> o.shape() == clause.shape()).toList(); // largest first
    if (task == Task.COUNTING && ofShape.size() != clause.count()) {
      reasons.add(new Reason.WrongCount(clause.shape(), clause.count(), ofShape.size()));
      return Optional.empty();
    }
    if (ofShape.size() < clause.count()) {
      reasons.add(new Reason.MissingObject(clause, ofShape.size()));
      return Optional.empty();
    }
    List<DetectedObject> top = ofShape.subList(0, clause.count());
    if (clause.colour().isPresent()
        && !top.stream().allMatch(o -> o.colour() == clause.colour().get())) {
      reasons.add(
          new Reason.WrongColour(clause, top.stream().map(DetectedObject::colour).toList()));
      return Optional.empty();
    }
    return Optional.of(top);
  }

  private static void checkRelation(
      PromptSpec spec,
      Relation expected,
      List<Optional<List<DetectedObject>>> matched,
      List<Reason> reasons) {
    if (matched.get(0).isEmpty() || matched.get(1).isEmpty()) {
      return; // the missing object already has its reason, as in GenEval
    }
    for (DetectedObject subject : matched.get(0).get()) {
      for (DetectedObject reference : matched.get(1).get()) {
        Set<Relation> found = relativePosition(subject, reference);
        if (!found.contains(expected)) {
          reasons.add(
              new Reason.WrongRelation(subject.shape(), expected, reference.shape(), found));
          return;
        }
      }
    }
  }

  /** GenEval's {@code relative_position(a, b)}: where a lies relative to b (image y grows down). */
  public static Set<Relation> relativePosition(DetectedObject a, DetectedObject b) {
    double ox = a.centroidX() - b.centroidX();
    double oy = a.centroidY() - b.centroidY();
    double rx =
        Math.max(Math.abs(ox) - POSITION_THRESHOLD * (a.width() + b.width()), 0) * Math.signum(ox);
    double ry =
        Math.max(Math.abs(oy) - POSITION_THRESHOLD * (a.height() + b.height()), 0)
            * Math.signum(oy);
    Set<Relation> relations = EnumSet.noneOf(Relation.class);
    if (Math.abs(rx) < 1e-3 && Math.abs(ry) < 1e-3) {
      return relations;
    }
    double norm = Math.hypot(ox, oy);
    double dx = rx / norm;
    double dy = ry / norm;
    if (dx < -0.5) {
      relations.add(Relation.LEFT_OF);
    }
    if (dx > 0.5) {
      relations.add(Relation.RIGHT_OF);
    }
    if (dy < -0.5) {
      relations.add(Relation.ABOVE);
    }
    if (dy > 0.5) {
      relations.add(Relation.BELOW);
    }
    return relations;
  }
}
