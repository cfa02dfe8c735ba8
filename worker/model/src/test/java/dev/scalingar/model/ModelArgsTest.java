package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelArgsTest {

  /**
   * Our LlamaGen shapes hold LlamaGen's parameter counts (gpt.py: B 111M, L 343M, XL 775M, which
   * include a 1001-row class table our text-free configurations do not have), so converted
   * checkpoints map tensor by tensor.
   */
  @ParameterizedTest
  @CsvSource({"GPT-B, 111", "GPT-L, 343", "GPT-XL, 775"})
  void llamaGenShapesHaveLlamaGensSize(String name, int millions) {
    ModelArgs a = ModelArgs.llamaGen(name);
    long classTable = 1001L * a.dim();
    double m = (a.parameterCount() + classTable) / 1e6;
    assertThat(m).isCloseTo(millions, org.assertj.core.data.Offset.offset(millions * 0.02));
    assertThat(a.tensorShapes().get("layers.0.attention.wqkv.weight")).containsExactly(3L * a.dim(), a.dim());
    assertThat(a.tensorShapes()).containsKeys("layers." + (a.nLayer() - 1) + ".feed_forward.w3.weight", "output.weight");
  }

  @Test
  void shapesV1IsSmallEnoughToTrainHere() {
    ModelArgs a = ModelArgs.shapesV1(385, 29, 8);
    assertThat(a.parameterCount()).isBetween(2_000_000L, 4_000_000L);
    assertThat(a.maxSeqLen()).isEqualTo(8 + 255);
  }

  @Test
  void invalidShapesAreRefused() {
    assertThatThrownBy(() -> new ModelArgs("x", 30, 2, 4, 20, 4, 3, 11, 16, 1e-5, 10000, 0.1, 3.0))
        .hasMessageContaining("multiple of n_head");
    assertThatThrownBy(() -> new ModelArgs("x", 24, 2, 4, 20, 4, 3, 11, 16, 1e-5, 10000, 0.1, 3.0))
        .hasMessageContaining("divisible by 4");
  }
}
