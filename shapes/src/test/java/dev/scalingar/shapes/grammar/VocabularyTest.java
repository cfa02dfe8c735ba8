package dev.scalingar.shapes.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.prompts.TrainingSampler;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  @Test
  void idsAreStable() {
    // these ids are baked into trained weights: changing them needs a new Vocabulary.VERSION
    assertThat(Vocabulary.size()).isEqualTo(29);
    assertThat(Vocabulary.PAD_ID).isZero();
    assertThat(Vocabulary.word(0)).isEqualTo("<pad>");
    assertThat(Vocabulary.id("a")).isEqualTo(1);
    assertThat(Vocabulary.id("red")).isEqualTo(7);
    assertThat(Vocabulary.id("circle")).isEqualTo(13);
    assertThat(Vocabulary.id("below")).isEqualTo(28);
    assertThat(Vocabulary.VERSION).isEqualTo(1);
  }

  @Test
  void everyWordOfTheGrammarHasAnId() {
    for (Shape s : Shape.values()) {
      assertThat(Vocabulary.contains(s.singular()) && Vocabulary.contains(s.plural())).isTrue();
    }
    for (Colour c : Colour.values()) {
      assertThat(Vocabulary.contains(c.word())).isTrue();
    }
    for (Relation r : Relation.values()) {
      Arrays.stream(r.phrase().split(" "))
          .forEach(w -> assertThat(Vocabulary.contains(w)).isTrue());
    }
  }

  @Test
  void encodesAPromptAsAPaddedPrefix() {
    assertThat(Vocabulary.encode("A red circle")).containsExactly(1, 7, 13, 0, 0, 0, 0, 0);
    assertThat(Vocabulary.encode("an orange triangle left of a purple diamond"))
        .containsExactly(2, 12, 17, 24, 26, 1, 11, 19);
    assertThatThrownBy(() -> Vocabulary.encode("a red dog")).isInstanceOf(PromptException.class);
  }

  @Test
  void everyPromptFitsTheMaximumPrefixLength() {
    TrainingSampler sampler = new TrainingSampler(3);
    for (int i = 0; i < 5_000; i++) {
      assertThat(PromptParser.words(sampler.next().prompt()).length)
          .isLessThanOrEqualTo(Vocabulary.MAX_WORDS);
    }
    PromptSet.eval()
        .entries()
        .forEach(
            e ->
                assertThat(PromptParser.words(e.prompt()))
                    .hasSizeLessThanOrEqualTo(Vocabulary.MAX_WORDS));
  }
}
