package dev.scalingar.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 5's "done when", over the whole frozen evaluation set. */
class ShapesCheckTest {

  private static ShapesCheck.Report report;

  @BeforeAll
  static void runCheck() {
    report = ShapesCheck.run(PromptSet.eval(), ImageTokenizer.shipped());
  }

  @Test
  void judgesTheRenderersOwnImagesCorrect() {
    assertThat(report.prompts()).isEqualTo(300);
    assertThat(report.rendererCorrect().overall()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void judgesImagesOfAnotherPromptOfTheSameTaskWrong() {
    assertThat(report.crossPromptCorrect().overall()).isLessThanOrEqualTo(0.10);
  }

  @Test
  void stillJudgesImagesCorrectAfterATokenizerRoundTrip() {
    assertThat(report.roundtripCorrect().overall()).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void noiseAndBlankImagesScoreZeroOnEveryTask() {
    assertThat(report.noiseScore().perTask())
        .hasSize(6)
        .allSatisfy((task, v) -> assertThat(v).isZero());
    assertThat(report.blankScore().perTask())
        .hasSize(6)
        .allSatisfy((task, v) -> assertThat(v).isZero());
    assertThat(report.passes()).isTrue();
    assertThat(report.rendererCorrect().perTask()).containsOnlyKeys(Task.values());
  }
}
