package dev.scalingar.model.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.eval.Verdict;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped shapes-v2 weights: the trained file itself, deterministic, and it learned something.
 */
class ShippedV2ModelTest {

  /** The SHA-256 of the weights' data section, as the training run wrote it (metadata "sha256"). */
  static final String SHA256 = "5bd40aef544f1badadd6afaacec957c055b86875650b8169d68037a0f4464650";

  static TransformerImageModel model;

  @BeforeAll
  static void load() {
    assertThat(ShapesModels.isShipped("shapes-v2"))
        .as("shapes-v2 weights on the class path")
        .isTrue();
    model = ShapesModels.loadShipped("shapes-v2", 16, Device.cpu(), DecodeGroups.CPU);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void theShippedFileIsTheTrainedOne() {
    assertThat(model.weightsSha256()).isEqualTo(SHA256);
    assertThat(model.info().name()).isEqualTo("shapes-v2");
  }

  @Test
  void itsShippedCalibrationWasFittedForTheseWeights() {
    // A calibration of other weights would stop the worker; the shipped one must load for these.
    assertThat(CalibrationFile.forModel("shapes-v2", model.weightsSha256(), null))
        .hasValueSatisfying(c -> assertThat(c.calibration()).isNotNull());
  }

  @Test
  void aFixedSeedGivesTheSameGridTwice() {
    ShippedModelTest.assertSameGridTwice(model);
  }

  @Test
  void greedySamplingOfASimplePromptIsJudgedCorrect() {
    for (String prompt : List.of("a red square")) {
      int[] grid = ShippedModelTest.greedy(model, prompt);
      Verdict verdict = ShapesEval.judge(prompt, ImageTokenizer.shipped().decode(grid));
      assertThat(verdict.correct()).as("%s: verdict %s", prompt, verdict.reasons()).isTrue();
    }
  }
}
