package dev.scalingar.shapes.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a prompt as a person types it onto the grammar's words, before anything parses or encodes
 * it. The model's {@link Vocabulary} stays as it is: typed forms become words it already has, so
 * trained weights keep working.
 *
 * <p>The canonical prompt is a word-level normal form, applied in this order:
 *
 * <ol>
 *   <li>lower case; runs of white space (tabs, no-break spaces) become one space; leading and
 *       trailing white space and trailing punctuation ({@code . ! ? … , ; :}) go;
 *   <li>one leading frame goes: {@code [a|an|the] (photo|photograph|picture|image|drawing) of} ("a
 *       photo of …", "an image of …", "picture of …"); none of these nouns is a grammar word, so
 *       the rest means what it would mean alone;
 *   <li>"to the left of" → "left of", "to the right of" → "right of", "on top of" → "above";
 *   <li>digits 1–4 → "one" … "four" (so "1 circle" → "one circle", as {@code
 *       PromptWriter.write(spec, true)} writes it); other digits stay, for the parser's "count out
 *       of range" message;
 *   <li>"the" before a number is dropped ("the two circles" → "two circles"); before a colour or a
 *       singular shape it becomes the writer's article ("the orange circle" → "an orange circle",
 *       "the square" → "a square"); anywhere else it stays, and is an unknown word.
 * </ol>
 *
 * Nothing else changes: a prompt already in the grammar comes back as its own words (lower case,
 * single spaces), so its ids and its parse are the same as before this class existed, and "a"/"an"
 * or "one" are kept as the user chose them. Every remaining word must be in the vocabulary; the
 * error names the first one that is not, with its position in the typed text.
 */
public final class PromptNormaliser {

  /** Nouns of a leading frame; never words of the grammar, so dropping them is unambiguous. */
  private static final Set<String> FRAME_NOUNS =
      Set.of("photo", "photograph", "picture", "image", "drawing");

  private static final Set<String> FRAME_ARTICLES = Set.of("a", "an", "the");

  private static final Map<String, String> DIGITS =
      Map.of("1", "one", "2", "two", "3", "three", "4", "four");

  /** Typed phrase → the grammar's words for it. */
  private static final List<Phrase> PHRASES =
      List.of(
          new Phrase(List.of("to", "the", "left", "of"), List.of("left", "of")),
          new Phrase(List.of("to", "the", "right", "of"), List.of("right", "of")),
          new Phrase(List.of("on", "top", "of"), List.of("above")));

  private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");

  private static final Pattern TRAILING = Pattern.compile("[\\s\\p{Z}.!?…,;:]+$");

  private record Phrase(List<String> typed, List<String> words) {}

  /** One word on its way to the canonical prompt, with its 1-based position in the typed text. */
  private record Word(String text, int position) {}

  private PromptNormaliser() {}

  /**
   * The canonical prompt of {@code typed}. Checks length and words, not the grammar's structure:
   * {@link PromptParser#parseNormalised(NormalisedPrompt)} does that.
   *
   * @throws PromptException for an empty or too long prompt, a frame with nothing after it, or a
   *     word outside the vocabulary (named, with its position and the known words)
   */
  public static NormalisedPrompt normalise(String typed) {
    if (typed == null || typed.isBlank()) {
      throw empty();
    }
    if (typed.length() > PromptParser.MAX_PROMPT_CHARS) {
      // before any regular expression runs: 10 kB of text costs one short message
      throw new PromptException(
          "prompt too long: "
              + typed.length()
              + " characters, at most "
              + PromptParser.MAX_PROMPT_CHARS);
    }
    List<Word> words = split(typed);
    if (words.isEmpty()) {
      throw empty(); // only punctuation, or only no-break spaces
    }
    words = digits(phrases(withoutFrame(words)));
    words = articles(words);
    for (Word w : words) {
      PromptParser.checkKnown(w.text(), w.position());
    }
    return new NormalisedPrompt(typed, String.join(" ", words.stream().map(Word::text).toList()));
  }

  private static List<Word> split(String typed) {
    String text = TRAILING.matcher(typed.toLowerCase(Locale.ROOT)).replaceFirst("");
    List<Word> words = new ArrayList<>();
    for (String s : SPACES.split(text)) {
      if (!s.isEmpty()) { // a leading space gives one empty string
        words.add(new Word(s, words.size() + 1));
      }
    }
    return words;
  }

  private static List<Word> withoutFrame(List<Word> words) {
    int start = FRAME_ARTICLES.contains(text(words, 0)) ? 1 : 0;
    if (!FRAME_NOUNS.contains(text(words, start)) || !"of".equals(text(words, start + 1))) {
      return words;
    }
    int rest = start + 2;
    if (rest == words.size()) {
      String frame = String.join(" ", words.stream().map(Word::text).toList());
      throw new PromptException(
          "'" + frame + "' needs a scene after it, e.g. '" + frame + " a red circle'");
    }
    return words.subList(rest, words.size());
  }

  private static List<Word> phrases(List<Word> words) {
    List<Word> out = new ArrayList<>(words.size());
    int i = 0;
    while (i < words.size()) {
      Optional<Phrase> phrase = phraseAt(words, i);
      if (phrase.isPresent()) {
        int position = words.get(i).position();
        phrase.get().words().forEach(w -> out.add(new Word(w, position)));
        i += phrase.get().typed().size();
      } else {
        out.add(words.get(i++));
      }
    }
    return out;
  }

  private static Optional<Phrase> phraseAt(List<Word> words, int from) {
    return PHRASES.stream().filter(p -> startsWith(words, from, p.typed())).findFirst();
  }

  private static List<Word> digits(List<Word> words) {
    return words.stream()
        .map(w -> new Word(DIGITS.getOrDefault(w.text(), w.text()), w.position()))
        .toList();
  }

  private static List<Word> articles(List<Word> words) {
    List<Word> out = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      String next = text(words, i + 1);
      if (!w.text().equals("the") || next.isEmpty()) {
        out.add(w);
      } else if (PromptParser.isNumber(next)) {
        // dropped: in "the two circles" the count is the article (and "the 12 circles" is
        // refused for its count, not for "the")
      } else if (isColour(next) || isSingularShape(next)) {
        out.add(new Word(PromptWriter.article(next), w.position()));
      } else {
        out.add(w); // "the circles": outside the grammar, and the error says 'the'
      }
    }
    return out;
  }

  private static boolean startsWith(List<Word> words, int from, List<String> phrase) {
    for (int k = 0; k < phrase.size(); k++) {
      if (!phrase.get(k).equals(text(words, from + k))) {
        return false;
      }
    }
    return true;
  }

  /** The i-th word, or "" past the end (immutable sets refuse to look up null). */
  private static String text(List<Word> words, int i) {
    return i < words.size() ? words.get(i).text() : "";
  }

  private static boolean isColour(String word) {
    return Arrays.stream(Colour.values()).anyMatch(c -> c.word().equals(word));
  }

  private static boolean isSingularShape(String word) {
    return Arrays.stream(Shape.values()).anyMatch(s -> s.singular().equals(word));
  }

  private static PromptException empty() {
    return new PromptException("empty prompt: say what to draw, e.g. 'a red circle'");
  }
}
