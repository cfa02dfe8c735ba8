package dev.scalingar.shapes.grammar;

import java.util.List;
import java.util.stream.Collectors;

/** Turns a spec back into words of the grammar; the inverse of {@link PromptParser}. */
public final class PromptWriter {

  private static final List<String> NUMBER_WORDS = List.of("", "one", "two", "three", "four");

  private PromptWriter() {}

  /**
   * The prompt for a spec.
   *
   * @param sayOne write single objects as "one circle" rather than "a circle" (the parser reads
   *     both; the training sampler varies it)
   */
  public static String write(PromptSpec spec, boolean sayOne) {
    List<ObjectClause> clauses = spec.clauses();
    String joiner = spec.requiredRelation().map(r -> " " + r.phrase() + " ").orElse(" and ");
    return clauses.stream().map(c -> phrase(c, sayOne)).collect(Collectors.joining(joiner));
  }

  private static String phrase(ObjectClause clause, boolean sayOne) {
    String colour = clause.colour().map(Colour::word).orElse("");
    if (clause.count() > 1) {
      return join(NUMBER_WORDS.get(clause.count()), colour, clause.shape().plural());
    }
    String next = colour.isEmpty() ? clause.shape().singular() : colour;
    String article = sayOne ? "one" : article(next);
    return join(article, colour, clause.shape().singular());
  }

  /**
   * "an" before a vowel ("an orange circle"), else "a"; also what the normaliser puts for "the".
   */
  static String article(String nextWord) {
    return "aeiou".indexOf(nextWord.charAt(0)) >= 0 ? "an" : "a";
  }

  private static String join(String... words) {
    StringBuilder out = new StringBuilder();
    for (String w : words) {
      if (!w.isEmpty()) {
        out.append(out.length() == 0 ? "" : " ").append(w);
      }
    }
    return out.toString();
  }
}
