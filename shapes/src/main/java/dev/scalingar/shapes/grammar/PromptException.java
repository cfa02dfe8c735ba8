package dev.scalingar.shapes.grammar;

/**
 * A prompt outside the grammar. The message names the word or the construction that was not
 * understood, so a user can fix the prompt without reading the grammar.
 */
public final class PromptException extends IllegalArgumentException {

  public PromptException(String message) {
    super(message);
  }
}
