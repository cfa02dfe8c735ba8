package dev.scalingar.shapes.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.prompts.TrainingSampler;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptParserTest {

  @Test
  void parsesEachTaskFamily() {
    assertThat(PromptParser.parse("a square")).isEqualTo(new PromptSpec.SingleObject(Shape.SQUARE));
    assertThat(PromptParser.parse("a purple circle"))
        .isEqualTo(new PromptSpec.Colors(Colour.PURPLE, Shape.CIRCLE));
    assertThat(PromptParser.parse("a circle and a triangle"))
        .isEqualTo(new PromptSpec.TwoObject(Shape.CIRCLE, Shape.TRIANGLE));
    assertThat(PromptParser.parse("three squares"))
        .isEqualTo(new PromptSpec.Counting(3, Shape.SQUARE));
    assertThat(PromptParser.parse("a red circle above a blue square"))
        .isEqualTo(
            new PromptSpec.Position(
                ObjectClause.one(Colour.RED, Shape.CIRCLE),
                Relation.ABOVE,
                ObjectClause.one(Colour.BLUE, Shape.SQUARE)));
    assertThat(PromptParser.parse("a green square and a yellow triangle"))
        .isEqualTo(
            PromptSpec.ColorAttr.of(Colour.GREEN, Shape.SQUARE, Colour.YELLOW, Shape.TRIANGLE));
  }

  @Test
  void readsWordingVariantsAlike() {
    assertThat(PromptParser.parse("  One   Orange DIAMOND "))
        .isEqualTo(PromptParser.parse("an orange diamond"));
    assertThat(PromptParser.parse("a orange diamond"))
        .isEqualTo(PromptParser.parse("an orange diamond"));
    assertThat(PromptParser.parse("a cross left of a circle"))
        .isEqualTo(
            new PromptSpec.Position(
                ObjectClause.one(Shape.CROSS), Relation.LEFT_OF, ObjectClause.one(Shape.CIRCLE)));
    assertThat(PromptParser.parse("four crosses").task()).isEqualTo(Task.COUNTING);
    assertThat(PromptParser.parse("one circle").task()).isEqualTo(Task.SINGLE_OBJECT);
  }

  @Test
  void writerAndParserAreInverseOverTheTrainingDistribution() {
    TrainingSampler sampler = new TrainingSampler(7);
    for (int i = 0; i < 2_000; i++) {
      TrainingSampler.Sample sample = sampler.next();
      assertThat(PromptParser.parse(sample.prompt())).as(sample.prompt()).isEqualTo(sample.spec());
      assertThat(PromptParser.parse(sample.spec().prompt())).isEqualTo(sample.spec());
    }
  }

  @Test
  void canonicalFormIdentifiesPromptsWithTheSameMeaning() {
    assertThat(PromptParser.parse("a red circle above a blue square").canonical())
        .isEqualTo(PromptParser.parse("a blue square below a red circle").canonical());
    assertThat(PromptParser.parse("a square and a circle").canonical())
        .isEqualTo(PromptParser.parse("a circle and a square").canonical());
    assertThat(PromptParser.parse("a red circle above a blue square").canonical())
        .isNotEqualTo(PromptParser.parse("a red circle below a blue square").canonical());
  }

  @Test
  void rejectsEmptyPrompts() {
    assertThatThrownBy(() -> PromptParser.parse(""))
        .isInstanceOf(PromptException.class)
        .hasMessageContaining("empty prompt");
    assertThatThrownBy(() -> PromptParser.parse("   \t ")).hasMessageContaining("empty prompt");
    assertThatThrownBy(() -> PromptParser.parse(null)).hasMessageContaining("empty prompt");
  }

  @Test
  void rejectsUnknownWordsByName() {
    assertThatThrownBy(() -> PromptParser.parse("a red dog"))
        .isInstanceOf(PromptException.class)
        .hasMessageContaining("unknown word 'dog'")
        .hasMessageContaining("word 3");
    assertThatThrownBy(() -> PromptParser.parse("a red circle, please"))
        .hasMessageContaining("unknown word 'circle,'");
  }

  @ParameterizedTest
  @CsvSource({
    "zero circles,zero",
    "0 circles,0",
    "nine squares,nine",
    "9 squares,9",
    "five triangles,five"
  })
  void rejectsCountsOutsideOneToFour(String prompt, String word) {
    assertThatThrownBy(() -> PromptParser.parse(prompt))
        .isInstanceOf(PromptException.class)
        .hasMessageContaining("count '" + word + "'")
        .hasMessageContaining("one to four");
  }

  @Test
  void rejectsARelationWithoutASecondObject() {
    assertThatThrownBy(() -> PromptParser.parse("a red circle above"))
        .isInstanceOf(PromptException.class)
        .hasMessageContaining("relation 'above' needs a second object");
    assertThatThrownBy(() -> PromptParser.parse("a circle left of"))
        .hasMessageContaining("relation 'left of' needs a second object");
    assertThatThrownBy(() -> PromptParser.parse("a circle and"))
        .hasMessageContaining("and needs a second object");
    assertThatThrownBy(() -> PromptParser.parse("a circle left a square"))
        .hasMessageContaining("'left' must be followed by 'of'");
  }

  @Test
  void rejectsTenKilobytesOfTextBeforeReadingIt() {
    String long10k = "a red circle ".repeat(800);
    assertThat(long10k.length()).isGreaterThan(10_000);
    assertThatThrownBy(() -> PromptParser.parse(long10k))
        .isInstanceOf(PromptException.class)
        .hasMessageContaining("prompt too long: " + long10k.length() + " characters, at most 200");
  }

  @Test
  void rejectsConstructionsOutsideTheGrammarNamingThem() {
    assertThatThrownBy(() -> PromptParser.parse("a circles"))
        .hasMessageContaining("singular 'circle'");
    assertThatThrownBy(() -> PromptParser.parse("three square"))
        .hasMessageContaining("plural 'squares'");
    assertThatThrownBy(() -> PromptParser.parse("three red squares"))
        .hasMessageContaining("a colour with a count");
    assertThatThrownBy(() -> PromptParser.parse("a circle and a circle"))
        .hasMessageContaining("same shape ('circle')");
    assertThatThrownBy(() -> PromptParser.parse("a red circle and a square"))
        .hasMessageContaining("colour to both objects");
    assertThatThrownBy(() -> PromptParser.parse("two circles above a square"))
        .hasMessageContaining("relates single objects");
    assertThatThrownBy(() -> PromptParser.parse("a circle square"))
        .hasMessageContaining("unexpected 'square' after 'a circle'");
    assertThatThrownBy(() -> PromptParser.parse("a circle and a square and a cross"))
        .hasMessageContaining("unexpected 'and'");
    assertThatThrownBy(() -> PromptParser.parse("red circle"))
        .hasMessageContaining("got 'red' at the start");
    assertThatThrownBy(() -> PromptParser.parse("a red"))
        .hasMessageContaining("expected a shape after 'a red'");
    assertThatThrownBy(() -> PromptParser.parse("a red blue circle"))
        .hasMessageContaining("one colour per object");
    assertThatThrownBy(() -> PromptParser.parse("a of")).hasMessageContaining("expected a shape");
  }

  @Test
  void clausesAreValidatedAtConstruction() {
    assertThatThrownBy(() -> new ObjectClause(Shape.CIRCLE, Optional.empty(), 5))
        .hasMessageContaining("count must be in 1..4, was 5");
    assertThatThrownBy(() -> new PromptSpec.Counting(1, Shape.CIRCLE)).hasMessageContaining("2..4");
    assertThatThrownBy(() -> new PromptSpec.TwoObject(Shape.CROSS, Shape.CROSS))
        .hasMessageContaining("different shapes");
  }
}
