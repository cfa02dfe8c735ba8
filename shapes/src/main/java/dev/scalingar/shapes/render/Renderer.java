package dev.scalingar.shapes.render;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.ObjectClause;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.Relation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws a correct image for a spec: exactly the objects the prompt names, at random places and
 * sizes, in the named colours (random palette colours where the prompt names none), on a plain
 * background. The same spec and seed always give the same image.
 */
public final class Renderer {

  /** Canvas side in pixels. */
  public static final int SIZE = 64;

  /** Plain white background; far from every palette colour. */
  public static final int BACKGROUND = 0xFFFFFF;

  /**
   * Empty pixels kept between object boxes: one patch width, so no 4×4 token patch ever holds two
   * objects and the tokenizer cannot merge them.
   */
  public static final int GAP = 4;

  /** Smallest and largest object side; smaller objects lose their shape at 4×4 patches. */
  public static final int MIN_SIDE = 12;

  public static final int MAX_SIDE = 22;

  /**
   * Box corners and sides are multiples of this. CHOICE: against 4-pixel patches this leaves 4
   * phases instead of 16, so the rendered patches need about a third as many distinct masks, and a
   * codebook of ~500 entries reproduces them almost exactly.
   */
  static final int LATTICE = 2;

  /** Objects stay this far from the canvas edge. */
  static final int EDGE = 2;

  /**
   * Largest |sideways offset| / |offset along the relation| between related centres. Small enough
   * that only the asked relation holds under GenEval's rule, whatever the sizes.
   */
  static final double MAX_SIDEWAYS = 0.3;

  private static final int ATTEMPTS = 10_000;

  private Renderer() {}

  /** The image for a spec. */
  public static RgbImage render(PromptSpec spec, long seed) {
    return draw(layout(spec, seed));
  }

  /** Where the objects of a spec go: sizes, places and colours, drawn from the seed. */
  public static List<PlacedObject> layout(PromptSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Colour> colours = new ArrayList<>();
    List<ObjectClause> objects = new ArrayList<>();
    for (ObjectClause clause : spec.clauses()) {
      for (int i = 0; i < clause.count(); i++) {
        objects.add(clause);
        colours.add(clause.colour().orElseGet(() -> randomColour(random)));
      }
    }
    int maxSide = objects.size() <= 2 ? MAX_SIDE : MAX_SIDE - 4;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<PlacedObject> placed =
          tryPlace(objects, colours, maxSide, spec.requiredRelation(), random);
      if (placed != null) {
        return List.copyOf(placed);
      }
    }
    // unreachable for the grammar's specs (at most four objects of side ≤ 18 on 64×64)
    throw new IllegalStateException("no layout found for '" + spec.prompt() + "'");
  }

  /** Paints placed objects on the background. */
  public static RgbImage draw(List<PlacedObject> objects) {
    int[] px = new int[SIZE * SIZE];
    Arrays.fill(px, BACKGROUND);
    for (PlacedObject o : objects) {
      paint(o, px);
    }
    return new RgbImage(SIZE, SIZE, px);
  }

  private static void paint(PlacedObject o, int[] px) {
    for (int dy = 0; dy < o.side(); dy++) {
      for (int dx = 0; dx < o.side(); dx++) {
        int x = o.x() + dx;
        int y = o.y() + dy;
        boolean inside = x >= 0 && y >= 0 && x < SIZE && y < SIZE;
        // sample at the pixel centre, as the scorer's templates do
        if (inside && o.shape().contains((dx + 0.5) / o.side(), (dy + 0.5) / o.side())) {
          px[y * SIZE + x] = o.colour().rgb();
        }
      }
    }
  }

  /** One try: every object dropped at random; null when an object found no free place. */
  private static List<PlacedObject> tryPlace(
      List<ObjectClause> objects,
      List<Colour> colours,
      int maxSide,
      Optional<Relation> relation,
      SplittableRandom random) {
    List<PlacedObject> placed = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      int side = LATTICE * random.nextInt(MIN_SIDE / LATTICE, maxSide / LATTICE + 1);
      PlacedObject candidate = null;
      for (int tries = 0; tries < 50 && candidate == null; tries++) {
        int x = LATTICE * random.nextInt(EDGE / LATTICE, (SIZE - EDGE - side) / LATTICE + 1);
        int y = LATTICE * random.nextInt(EDGE / LATTICE, (SIZE - EDGE - side) / LATTICE + 1);
        PlacedObject o = new PlacedObject(objects.get(i).shape(), colours.get(i), x, y, side);
        if (fits(o, placed, relation)) {
          candidate = o;
        }
      }
      if (candidate == null) {
        return null;
      }
      placed.add(candidate);
    }
    return placed;
  }

  private static boolean fits(
      PlacedObject o, List<PlacedObject> placed, Optional<Relation> relation) {
    for (PlacedObject p : placed) {
      if (!o.isApartFrom(p, GAP)) {
        return false;
      }
    }
    // position specs have exactly two objects: placed[0] is the subject, o the reference
    return relation.isEmpty() || placed.isEmpty() || holds(placed.get(0), relation.get(), o);
  }

  /**
   * Whether subject lies {@code relation} reference with a clear margin: along the relation the
   * centres are at least half the two sides plus {@link #GAP} apart, sideways at most {@link
   * #MAX_SIDEWAYS} of that distance.
   */
  static boolean holds(PlacedObject subject, Relation relation, PlacedObject reference) {
    double dx = reference.centreX() - subject.centreX();
    double dy = reference.centreY() - subject.centreY();
    // along = how far the reference lies in the direction the relation points from the subject
    double along =
        switch (relation) {
          case LEFT_OF -> dx;
          case RIGHT_OF -> -dx;
          case ABOVE -> dy;
          case BELOW -> -dy;
        };
    double sideways =
        switch (relation) {
          case LEFT_OF, RIGHT_OF -> dy;
          case ABOVE, BELOW -> dx;
        };
    double needed = (subject.side() + reference.side()) / 2.0 + GAP;
    return along >= needed && Math.abs(sideways) <= MAX_SIDEWAYS * along;
  }

  private static Colour randomColour(SplittableRandom random) {
    Colour[] all = Colour.values();
    return all[random.nextInt(all.length)];
  }
}
