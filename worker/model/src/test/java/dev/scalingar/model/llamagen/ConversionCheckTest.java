package dev.scalingar.model.llamagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.model.ModelArgs;
import dev.scalingar.testing.LlamaGenFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** verify: a faithful conversion passes against LlamaGen's outputs; a wrong one does not. */
class ConversionCheckTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void aConvertedGptMatchesItsReferenceOutputs(String stem) {
    LlamaGenConverter.convertGpt(
        LlamaGenFixtures.file(stem + ".pt"), false, LlamaGenConverterTest.gptArgs(stem), dir);
    ConversionCheck check =
        ConversionCheck.run(dir, LlamaGenFixtures.file(stem + "-io.safetensors"));
    assertThat(check.ok()).as(check.toJson()).isTrue();
    assertThat(check.greedyTokensEqual()).isTrue();
    assertThat(check.logitsFullMaxAbsDiff()).isLessThanOrEqualTo(ConversionCheck.ATOL);
    assertThat(check.imageMaxAbsDiff()).isNull();
    assertThat(check.toJson())
        .startsWith("{\"logits_full_max_abs_diff\":")
        .contains("\"image_max_abs_diff\":null")
        .endsWith("\"ok\":true}");
  }

  @Test
  void aConvertedVqMatchesItsReferenceImage() {
    LlamaGenConverter.convertVq(
        LlamaGenFixtures.file("vq-tiny-full.pt"), LlamaGenConverterTest.vqArgs(), dir);
    ConversionCheck check =
        ConversionCheck.run(dir, LlamaGenFixtures.file("vq-tiny-io.safetensors"));
    assertThat(check.ok()).as(check.toJson()).isTrue();
    assertThat(check.imageMaxAbsDiff()).isLessThanOrEqualTo(ConversionCheck.ATOL);
    assertThat(check.logitsFullMaxAbsDiff()).isNull();
  }

  /**
   * The same weights converted under another rope_base (a plausible configuration mistake): caught.
   */
  @Test
  void aModelThatDeviatesFromLlamaGenFails() {
    ModelArgs right = LlamaGenConverterTest.gptArgs("c2i-tiny");
    ModelArgs other =
        new ModelArgs(
            right.name(),
            right.dim(),
            right.nLayer(),
            right.nHead(),
            right.vocabSize(),
            right.gridSize(),
            right.clsTokenNum(),
            0,
            right.multipleOf(),
            right.normEps(),
            right.ropeBase() * 2,
            right.classDropoutProb(),
            4.0,
            right.conditioning(),
            right.numClasses(),
            0);
    LlamaGenConverter.convertGpt(LlamaGenFixtures.file("c2i-tiny.pt"), false, other, dir);
    ConversionCheck check =
        ConversionCheck.run(dir, LlamaGenFixtures.file("c2i-tiny-io.safetensors"));
    assertThat(check.ok()).as(check.toJson()).isFalse();
    assertThat(check.logitsFullMaxAbsDiff()).isGreaterThan(ConversionCheck.ATOL);
  }
}
