package dev.scalingar.shapes.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.prompts.TrainingSampler;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromptNormaliserTest {

  /**
   * Each typed form of issue 16, part 4, alone and combined, with the canonical prompt it must
   * give.
   */
  static Stream<Arguments> typedForms() {
    return Stream.of(
        // frames
        Arguments.of("a photo of a red circle", "a red circle"),
        Arguments.of("an image of two squares", "two squares"),
        Arguments.of("a picture of a circle and a square", "a circle and a square"),
        Arguments.of("photo of a cross", "a cross"),
        Arguments.of("the picture of a cross", "a cross"),
        Arguments.of("a photograph of a diamond", "a diamond"),
        Arguments.of("a drawing of a triangle", "a triangle"),
        Arguments.of("a photo of the red circle", "a red circle"),
        // leading "the", with the writer's article
        Arguments.of("the red circle above the blue square", "a red circle above a blue square"),
        Arguments.of("the orange circle", "an orange circle"),
        Arguments.of("the square and the cross", "a square and a cross"),
        Arguments.of("the two circles", "two circles"),
        Arguments.of("the 3 squares", "three squares"),
        // capitals, trailing punctuation, spaces and tabs
        Arguments.of("A Red Circle", "a red circle"),
        Arguments.of("A RED CIRCLE ABOVE A BLUE SQUARE", "a red circle above a blue square"),
        Arguments.of("a red circle.", "a red circle"),
        Arguments.of("two circles!", "two circles"),
        Arguments.of("a square?", "a square"),
        Arguments.of("a cross...", "a cross"),
        Arguments.of("a cross .", "a cross"),
        Arguments.of("  a   red\tcircle \t", "a red circle"),
        Arguments.of("\ta circle and\ta square\n", "a circle and a square"),
        Arguments.of("a\u00a0red circle", "a red circle"),
        // digits 1-4
        Arguments.of("1 circle", "one circle"),
        Arguments.of("1 red circle", "one red circle"),
        Arguments.of("2 circles", "two circles"),
        Arguments.of("3 triangles", "three triangles"),
        Arguments.of("4 crosses", "four crosses"),
        Arguments.of("1 circle and 1 square", "one circle and one square"),
        // relation synonyms
        Arguments.of("a circle to the left of a square", "a circle left of a square"),
        Arguments.of("a circle to the right of a square", "a circle right of a square"),
        Arguments.of("a red circle on top of a blue square", "a red circle above a blue square"),
        // several at once
        Arguments.of("A photo of 2 Circles.", "two circles"),
        Arguments.of(
            "An image of the orange diamond to the left of the purple cross!",
            "an orange diamond left of a purple cross"),
        Arguments.of(
            "  A Picture of the Green Square ON TOP OF the yellow circle. ",
            "a green square above a yellow circle"),
        Arguments.of(
            "the 1 red triangle to the right of a blue diamond.",
            "one red triangle right of a blue diamond"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedForms")
  void mapsEachTypedFormToTheCanonicalPrompt(String typed, String canonical) {
    NormalisedPrompt n = PromptNormaliser.normalise(typed);
    assertThat(n.typed()).isEqualTo(typed);
    assertThat(n.canonical()).isEqualTo(canonical);
    assertThat(PromptParser.canonicalPrompt(typed)).isEqualTo(canonical);
    assertThat(PromptParser.parse(typed)).isEqualTo(PromptParser.parse(canonical));
    // the model sees the canonical words: same ids, no new ones
    assertThat(Vocabulary.encode(typed)).containsExactly(Vocabulary.encode(canonical));
  }

  @Test
  void leavesPromptsOfTheGrammarAsTheyAre() {
    TrainingSampler sampler = new TrainingSampler(11);
    for (int i = 0; i < 2_000; i++) {
      String prompt = sampler.next().prompt();
      assertThat(PromptNormaliser.normalise(prompt).canonical()).isEqualTo(prompt);
      assertThat(Vocabulary.encode(prompt)).containsExactly(idsOfOwnWords(prompt));
    }
    PromptSet.eval()
        .entries()
        .forEach(
            e ->
                assertThat(PromptNormaliser.normalise(e.prompt()).canonical())
                    .isEqualTo(e.prompt()));
    // and the user's own choice among the grammar's synonyms is kept ("one", "a" before a vowel)
    assertThat(PromptNormaliser.normalise("One Orange Diamond").canonical())
        .isEqualTo("one orange diamond");
    assertThat(PromptNormaliser.normalise("a orange diamond").canonical())
        .isEqualTo("a orange diamond");
    assertThat(Vocabulary.encode("A red circle")).containsExactly(1, 7, 13, 0, 0, 0, 0, 0);
  }

  /** The ids as encode computed them before typed forms existed: the prompt's own words. */
  private static int[] idsOfOwnWords(String prompt) {
    int[] ids = new int[Vocabulary.MAX_WORDS];
    String[] words = prompt.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+");
    for (int i = 0; i < words.length; i++) {
      ids[i] = Vocabulary.id(words[i]);
    }
    return ids;
  }

  @Test
  void countsOutsideTheWorldStillSaySo() {
    assertThatThrownBy(() -> PromptParser.parse("5 circles"))
        .isInstanceOf(PromptException.class)
        .hasMessage("count '5' is outside the grammar: counts are one to four");
    assertThatThrownBy(() -> PromptParser.parse("A photo of 0 squares."))
        .hasMessageContaining("count '0'");
    assertThatThrownBy(() -> PromptParser.parse("the 12 crosses"))
        .hasMessageContaining("count '12'");
    assertThatThrownBy(() -> PromptParser.parse("five circles"))
        .hasMessageContaining("count 'five'");
  }

  @Test
  void unknownWordsAreNamedWithTheirPlaceInTheTypedTextAndTheKnownWords() {
    String known = String.join(" ", Vocabulary.words());
    assertThatThrownBy(() -> PromptParser.parse("a pink circle"))
        .isInstanceOf(PromptException.class)
        .hasMessage("unknown word 'pink' (word 2); known words: " + known);
    assertThatThrownBy(() -> PromptParser.parse("A photo of a Pink circle."))
        .hasMessageStartingWith("unknown word 'pink' (word 5); known words: ")
        .hasMessageContaining("red green blue yellow purple orange");
    assertThatThrownBy(() -> PromptParser.parse("a red dog."))
        .hasMessageStartingWith("unknown word 'dog' (word 3)");
  }

  @Test
  void aFrameAloneIsAReadableError() {
    assertThatThrownBy(() -> PromptParser.parse("a photo"))
        .isInstanceOf(PromptException.class)
        .hasMessageStartingWith("unknown word 'photo' (word 2); known words: ");
    assertThatThrownBy(() -> PromptParser.parse("A photo of."))
        .hasMessage("'a photo of' needs a scene after it, e.g. 'a photo of a red circle'");
    assertThatThrownBy(() -> PromptParser.parse("an image of"))
        .hasMessageContaining("'an image of' needs a scene");
    assertThatThrownBy(() -> PromptParser.parse("a photo of a photo of a circle"))
        .hasMessageStartingWith("unknown word 'photo' (word 5)");
  }

  @Test
  void nearMissesOfTheTypedFormsFailWithTheReadableError() {
    // a colour with a count stays outside the grammar however it is typed
    assertThatThrownBy(() -> PromptParser.parse("A photo of 2 Red Circles."))
        .hasMessageContaining("a colour with a count ('two red circles') is outside the grammar");
    // half a relation phrase
    assertThatThrownBy(() -> PromptParser.parse("a circle to the left a square"))
        .hasMessageStartingWith("unknown word 'to' (word 3)");
    assertThatThrownBy(() -> PromptParser.parse("a circle on top a square"))
        .hasMessageStartingWith("unknown word 'on' (word 3)");
    assertThatThrownBy(() -> PromptParser.parse("a circle to left of a square"))
        .hasMessageStartingWith("unknown word 'to' (word 3)");
    assertThatThrownBy(() -> PromptParser.parse("a circle next to a square"))
        .hasMessageStartingWith("unknown word 'next' (word 3)");
    // "the" where the grammar has no article for it, or at the end
    assertThatThrownBy(() -> PromptParser.parse("the circles"))
        .hasMessageStartingWith("unknown word 'the' (word 1)");
    assertThatThrownBy(() -> PromptParser.parse("a circle and the"))
        .hasMessageStartingWith("unknown word 'the' (word 4)");
    // punctuation inside the prompt is not dropped, only at its end
    assertThatThrownBy(() -> PromptParser.parse("a red circle, above a blue square"))
        .hasMessageStartingWith("unknown word 'circle,' (word 3)");
    // the grammar's rules still hold after normalising
    assertThatThrownBy(() -> PromptParser.parse("2 circle"))
        .hasMessageContaining("needs the plural 'circles'");
    assertThatThrownBy(() -> PromptParser.parse("The circle to the left of the circle."))
        .hasMessageContaining("same shape ('circle')");
    assertThatThrownBy(() -> PromptParser.parse("2 circles on top of a square"))
        .hasMessageContaining("relates single objects");
    assertThatThrownBy(() -> PromptParser.parse("a red circle to the left of"))
        .hasMessageContaining("relation 'left of' needs a second object");
  }

  @Test
  void oneWordPromptsGetTheParsersMessages() {
    assertThatThrownBy(() -> PromptParser.parse("a"))
        .hasMessageContaining("expected a shape after 'a', the prompt ended");
    assertThatThrownBy(() -> PromptParser.parse("The"))
        .hasMessageStartingWith("unknown word 'the' (word 1)");
    assertThatThrownBy(() -> PromptParser.parse("photo"))
        .hasMessageStartingWith("unknown word 'photo' (word 1)");
    assertThatThrownBy(() -> PromptParser.parse("a photo of the"))
        .hasMessageStartingWith("unknown word 'the' (word 4)");
    assertThatThrownBy(() -> PromptParser.parse("2"))
        .hasMessageContaining("expected a shape after 'two', the prompt ended");
  }

  @Test
  void emptyAndOversizedInputKeepTheirMessages() {
    for (String empty : new String[] {"", "  \t", ".", " !! ", "\u00a0"}) {
      assertThatThrownBy(() -> PromptParser.parse(empty))
          .as("'%s'", empty)
          .hasMessageContaining("empty prompt");
    }
    String long10k = "A photo of a red circle. ".repeat(400);
    assertThatThrownBy(() -> PromptNormaliser.normalise(long10k))
        .hasMessage("prompt too long: " + long10k.length() + " characters, at most 200");
  }

  @Test
  void theVocabularyIsUnchanged() {
    assertThat(Vocabulary.size()).isEqualTo(29);
    assertThat(Vocabulary.VERSION).isEqualTo(1);
    assertThat(Arrays.asList("the", "photo", "image", "picture", "to", "on", "top", "1", "2"))
        .noneMatch(Vocabulary::contains);
  }
}
