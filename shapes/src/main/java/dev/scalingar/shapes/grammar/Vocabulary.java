package dev.scalingar.shapes.grammar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed word vocabulary of the model's text prefix: every word the grammar knows, with a stable
 * id, plus a padding id. The ids are part of the shipped model (its prefix embedding rows), so this
 * list only ever grows at its end, with a new {@link #VERSION}.
 */
public final class Vocabulary {

  public static final int VERSION = 1;

  /** Id of the padding word that fills a prefix up to {@link #MAX_WORDS}. */
  public static final int PAD_ID = 0;

  /** The longest prompt of the grammar ("an orange triangle left of a purple diamond"). */
  public static final int MAX_WORDS = 8;

  // index = id; never reorder (ids are baked into trained weights)
  private static final List<String> WORDS =
      List.of(
          "<pad>",
          "a",
          "an",
          "one",
          "two",
          "three",
          "four",
          "red",
          "green",
          "blue",
          "yellow",
          "purple",
          "orange",
          "circle",
          "circles",
          "square",
          "squares",
          "triangle",
          "triangles",
          "diamond",
          "diamonds",
          "cross",
          "crosses",
          "and",
          "left",
          "right",
          "of",
          "above",
          "below");

  private static final Map<String, Integer> IDS = new HashMap<>();

  static {
    for (int i = 1; i < WORDS.size(); i++) {
      IDS.put(WORDS.get(i), i);
    }
  }

  private Vocabulary() {}

  /** Number of ids, padding included: the prefix embedding's row count. */
  public static int size() {
    return WORDS.size();
  }

  /** The words without the padding entry, in id order. */
  public static List<String> words() {
    return WORDS.subList(1, WORDS.size());
  }

  public static boolean contains(String word) {
    return IDS.containsKey(word);
  }

  /** The id of a word of the grammar (1 ≤ id &lt; size()). */
  public static int id(String word) {
    Integer id = IDS.get(word);
    if (id == null) {
      throw new PromptException("unknown word '" + word + "'");
    }
    return id;
  }

  /** The word of an id; {@code "<pad>"} for {@link #PAD_ID}. */
  public static String word(int id) {
    if (id < 0 || id >= WORDS.size()) {
      throw new IllegalArgumentException(
          "word id must be in 0.." + (WORDS.size() - 1) + ", was " + id);
    }
    return WORDS.get(id);
  }

  /**
   * The prompt as a prefix of exactly {@link #MAX_WORDS} ids, padded at the end with {@link
   * #PAD_ID}. A typed prompt is normalised first ({@link PromptNormaliser}: "A photo of 2 circles."
   * has the ids of "two circles"), then parsed, so anything outside the grammar is refused here
   * too. A prompt already in the grammar keeps the ids it always had.
   *
   * @throws PromptException for a prompt outside the grammar
   */
  public static int[] encode(String prompt) {
    NormalisedPrompt normalised = PromptNormaliser.normalise(prompt);
    PromptParser.parseNormalised(normalised);
    String[] words = normalised.words();
    int[] ids = new int[MAX_WORDS]; // zero-filled = PAD_ID
    for (int i = 0; i < words.length; i++) {
      ids[i] = id(words[i]);
    }
    return ids;
  }
}
