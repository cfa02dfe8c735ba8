package dev.scalingar.model.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.eval.Verdict;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped shapes-v1 weights: they load, they are deterministic, and they learned something. */
class ShippedModelTest {

  static TransformerImageModel model;

  @BeforeAll
  static void load() {
    // The weights are shipped: their absence is a broken build, not a reason to skip.
    assertThat(ShippedModelTest.class.getResource(ShapesModels.SHIPPED_RESOURCE))
        .as("shapes-v1 weights on the class path (" + ShapesModels.SHIPPED_RESOURCE + ")")
        .isNotNull();
    model = ShapesModels.loadShipped(16, Device.cpu());
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void aFixedSeedGivesTheSameGridTwice() {
    assertSameGridTwice(model);
  }

  /** Two samplings of one prompt with one seed give the same grid. */
  static void assertSameGridTwice(TransformerImageModel model) {
    List<GuidedSampling.Request> requests = List.of(new GuidedSampling.Request("two circles", 11));
    int[] first = GuidedSampling.sample(model, requests, 3.0, 4).get(0);
    int[] second = GuidedSampling.sample(model, requests, 3.0, 4).get(0);
    assertThat(second).containsExactly(first);
  }

  @Test
  void greedySamplingOfARedSquareIsJudgedCorrect() {
    int[] grid = greedy(model, "a red square");
    Verdict verdict = ShapesEval.judge("a red square", ImageTokenizer.shipped().decode(grid));
    assertThat(verdict.correct()).as("verdict %s", verdict.reasons()).isTrue();
  }

  /** Arg-max decoding with guidance 3, one trajectory. */
  static int[] greedy(ImageModel model, String prompt) {
    int l = model.info().totalSteps();
    int[] grid = new int[l];
    ImageModel.Rows rows = new ImageModel.Rows(0, 1);
    ImageModel.GuidedLogits logits = model.prefill(List.of(new ImageModel.Prefill(rows, prompt)));
    for (int t = 0; t < l; t++) {
      float[] c = logits.cond()[0];
      float[] u = logits.uncond()[0];
      int best = 0;
      for (int k = 1; k < c.length; k++) {
        if (u[k] + 3 * (c[k] - u[k]) > u[best] + 3 * (c[best] - u[best])) {
          best = k;
        }
      }
      grid[t] = best;
      if (t < l - 1) {
        List<ImageModel.Decode> d = new ArrayList<>();
        d.add(new ImageModel.Decode(rows, t, best));
        logits = model.step(d);
      }
    }
    return grid;
  }
}
