package dev.scalingar.shapes.grammar;

import java.util.Objects;

/**
 * A prompt as the user typed it and the same prompt in the grammar's words.
 *
 * @param typed the user's text, unchanged (what a job keeps as {@code request.prompt})
 * @param canonical the grammar's words for it, lower case, one space apart: what the parser reads
 *     and what {@link Vocabulary#encode} turns into ids
 */
public record NormalisedPrompt(String typed, String canonical) {

  public NormalisedPrompt {
    Objects.requireNonNull(typed, "typed");
    Objects.requireNonNull(canonical, "canonical");
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException("a canonical prompt has at least one word");
    }
  }

  /** The canonical prompt's words (a fresh array each call). */
  public String[] words() {
    return canonical.split(" ");
  }
}
