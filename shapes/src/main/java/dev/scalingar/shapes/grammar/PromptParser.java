package dev.scalingar.shapes.grammar;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a prompt of the ShapesWorld grammar into a {@link PromptSpec}.
 *
 * <pre>
 *   prompt   := object | object "and" object | object relation object
 *   object   := count [colour] shape          (shape plural when count &gt; 1)
 *   count    := "a" | "an" | "one" | "two" | "three" | "four"
 *   relation := "left of" | "right of" | "above" | "below"
 * </pre>
 *
 * The task follows from the structure: one object without colour is single_object, with colour
 * colors, with a count of 2–4 counting; "and" joins two uncoloured objects (two_object) or two
 * coloured ones (color_attr); a relation makes a position prompt. Words are case-insensitive and
 * separated by white space; "a" and "an" are interchangeable. Typed forms of the same prompt ("A
 * photo of the red circle.", "2 circles", "to the left of") are mapped onto these words first, by
 * {@link PromptNormaliser}.
 */
public final class PromptParser {

  /** Longer input is refused before it is split, whatever it contains. */
  public static final int MAX_PROMPT_CHARS = 200;

  private static final Map<String, Integer> COUNTS =
      Map.of("a", 1, "an", 1, "one", 1, "two", 2, "three", 3, "four", 4);

  /** Number words outside 1..4, recognised only to say that the count is out of range. */
  private static final List<String> OTHER_NUMBERS =
      List.of("zero", "no", "five", "six", "seven", "eight", "nine", "ten");

  private final String[] words;
  private int next;

  private PromptParser(String[] words) {
    this.words = words;
  }

  /**
   * Parses a prompt as a user typed it: {@link PromptNormaliser} first maps it onto the grammar's
   * words ("A photo of 2 circles." → "two circles"), then the grammar reads those.
   *
   * @throws PromptException naming the word or construction outside the grammar
   */
  public static PromptSpec parse(String prompt) {
    return parseNormalised(PromptNormaliser.normalise(prompt));
  }

  /** Parses an already normalised prompt (its canonical words). */
  public static PromptSpec parseNormalised(NormalisedPrompt prompt) {
    return new PromptParser(prompt.words()).prompt();
  }

  /**
   * The canonical prompt of a prompt that parses: what a job shows next to the user's text.
   *
   * @throws PromptException as {@link #parse(String)}
   */
  public static String canonicalPrompt(String prompt) {
    NormalisedPrompt normalised = PromptNormaliser.normalise(prompt);
    parseNormalised(normalised);
    return normalised.canonical();
  }

  /** The prompt's words as the parser reads them: those of its canonical prompt. */
  public static String[] words(String prompt) {
    return PromptNormaliser.normalise(prompt).words();
  }

  /** A count of the grammar or a number outside it ("two", "4", "nine"): the start of an object. */
  static boolean isNumber(String word) {
    return COUNTS.containsKey(word) || isOtherNumber(word);
  }

  private static boolean isOtherNumber(String word) {
    return word.matches("\\d+") || OTHER_NUMBERS.contains(word);
  }

  /**
   * Refuses a word outside the vocabulary; {@code position} is its 1-based place in the typed text.
   */
  static void checkKnown(String word, int position) {
    if (isOtherNumber(word)) {
      throw new PromptException(
          "count '" + word + "' is outside the grammar: counts are one to four");
    }
    if (!Vocabulary.contains(word)) {
      throw new PromptException(
          "unknown word '"
              + word
              + "' (word "
              + position
              + "); known words: "
              + String.join(" ", Vocabulary.words()));
    }
  }

  private PromptSpec prompt() {
    ObjectClause first = object();
    if (atEnd()) {
      return single(first);
    }
    String joiner = words[next];
    if (joiner.equals("and")) {
      next++;
      ObjectClause second = secondObject("and");
      return pair(first, second);
    }
    Optional<Relation> relation = relation();
    if (relation.isPresent()) {
      ObjectClause reference = secondObject("relation '" + relation.get().phrase() + "'");
      expectEnd();
      requireSingle(first, relation.get().phrase());
      requireSingle(reference, relation.get().phrase());
      requireDifferentShapes(first, reference);
      return new PromptSpec.Position(first, relation.get(), reference);
    }
    throw unexpected();
  }

  private PromptSpec single(ObjectClause clause) {
    if (clause.count() == 1) {
      return clause.colour().isPresent()
          ? new PromptSpec.Colors(clause.colour().get(), clause.shape())
          : new PromptSpec.SingleObject(clause.shape());
    }
    if (clause.colour().isPresent()) {
      throw new PromptException(
          "a colour with a count ('"
              + String.join(" ", words)
              + "') is outside the grammar: counting prompts name the shape only,"
              + " e.g. 'three squares'");
    }
    return new PromptSpec.Counting(clause.count(), clause.shape());
  }

  private PromptSpec pair(ObjectClause first, ObjectClause second) {
    expectEnd();
    requireSingle(first, "and");
    requireSingle(second, "and");
    requireDifferentShapes(first, second);
    if (first.colour().isPresent() != second.colour().isPresent()) {
      throw new PromptException(
          "give a colour to both objects joined by 'and' or to neither"
              + " ('a red circle and a blue square', 'a circle and a square')");
    }
    return first.colour().isPresent()
        ? new PromptSpec.ColorAttr(first, second)
        : new PromptSpec.TwoObject(first.shape(), second.shape());
  }

  private ObjectClause secondObject(String after) {
    if (atEnd()) {
      throw new PromptException(after + " needs a second object after it, e.g. 'a blue square'");
    }
    return object();
  }

  private ObjectClause object() {
    String countWord = words[next];
    Integer count = COUNTS.get(countWord);
    if (count == null) {
      throw new PromptException(
          "expected 'a', 'one', 'two', 'three' or 'four' before an object, got '"
              + countWord
              + "'"
              + where());
    }
    next++;
    Optional<Colour> colour = Optional.empty();
    if (!atEnd()) {
      colour = colour(words[next]);
      if (colour.isPresent()) {
        next++;
      }
    }
    if (atEnd()) {
      throw new PromptException("expected a shape after '" + consumed() + "', the prompt ended");
    }
    String shapeWord = words[next];
    Shape shape = shape(shapeWord, count);
    next++;
    return new ObjectClause(shape, colour, count);
  }

  private Shape shape(String word, int count) {
    for (Shape s : Shape.values()) {
      if (s.singular().equals(word) && count > 1) {
        throw new PromptException(
            "'"
                + words[next - 1]
                + " "
                + word
                + "': a count of "
                + count
                + " needs the plural '"
                + s.plural()
                + "'");
      }
      if (s.plural().equals(word) && count == 1) {
        throw new PromptException(
            "'"
                + consumed()
                + " "
                + word
                + "': a single object needs the singular '"
                + s.singular()
                + "'");
      }
      if (s.singular().equals(word) || s.plural().equals(word)) {
        return s;
      }
    }
    if (colour(word).isPresent()) {
      throw new PromptException(
          "one colour per object: '" + word + "' follows '" + consumed() + "'");
    }
    throw new PromptException(
        "expected a shape (" + shapeList() + ") after '" + consumed() + "', got '" + word + "'");
  }

  private Optional<Relation> relation() {
    String word = words[next];
    for (Relation r : Relation.values()) {
      String[] phrase = r.phrase().split(" ");
      if (!phrase[0].equals(word)) {
        continue;
      }
      if (phrase.length == 2 && (next + 1 >= words.length || !words[next + 1].equals(phrase[1]))) {
        throw new PromptException("'" + word + "' must be followed by 'of' ('" + r.phrase() + "')");
      }
      next += phrase.length;
      return Optional.of(r);
    }
    return Optional.empty();
  }

  private static Optional<Colour> colour(String word) {
    return Arrays.stream(Colour.values()).filter(c -> c.word().equals(word)).findFirst();
  }

  private static void requireSingle(ObjectClause clause, String construction) {
    if (clause.count() != 1) {
      throw new PromptException(
          "'"
              + construction
              + "' relates single objects; counts belong in prompts like"
              + " 'three squares', not '"
              + clause.count()
              + " "
              + clause.shape().plural()
              + " "
              + construction
              + " ...'");
    }
  }

  private static void requireDifferentShapes(ObjectClause a, ObjectClause b) {
    if (a.shape() == b.shape()) {
      throw new PromptException(
          "two objects of the same shape ('"
              + a.shape().singular()
              + "') are outside the grammar: name two different shapes");
    }
  }

  private void expectEnd() {
    if (!atEnd()) {
      throw unexpected();
    }
  }

  private PromptException unexpected() {
    return new PromptException(
        "unexpected '"
            + words[next]
            + "' after '"
            + consumed()
            + "': a prompt is one object, two joined by 'and', or two joined by a relation");
  }

  private boolean atEnd() {
    return next >= words.length;
  }

  private String consumed() {
    return String.join(" ", Arrays.copyOfRange(words, 0, next));
  }

  private String where() {
    return next == 0 ? " at the start" : " after '" + consumed() + "'";
  }

  private static String shapeList() {
    return String.join(", ", Arrays.stream(Shape.values()).map(Shape::singular).toList());
  }
}
