package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelArgsTest {

  /**
   * LlamaGen's c2i sizes have its logged parameter counts exactly (shapes.json: B 110,888,448,
   * ...).
   */
  @ParameterizedTest
  @CsvSource({"GPT-B, 110888448", "GPT-L, 342910976", "GPT-XL, 774699520"})
  void llamaGenShapesHaveLlamaGensSize(String name, long parameters) {
    ModelArgs a = ModelArgs.llamaGen(name);
    assertThat(a.parameterCount()).isEqualTo(parameters);
    assertThat(a.tensorShapes().get("layers.0.attention.wqkv.weight"))
        .containsExactly(3L * a.dim(), a.dim());
    assertThat(a.tensorShapes().get("cls_embedding.embedding_table.weight"))
        .containsExactly(1001L, a.dim());
  }

  @Test
  void olderWeightsFilesWithoutConditioningReadAsShapesWorld() {
    String json =
        ModelArgsJson.write(ModelArgs.shapesV1(385, 29, 8))
            .replaceAll(",\"conditioning\":\"WORDS\",\"numClasses\":0,\"captionDim\":0", "");
    assertThat(json).doesNotContain("conditioning");
    assertThat(ModelArgsJson.read(json)).isEqualTo(ModelArgs.shapesV1(385, 29, 8));
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
