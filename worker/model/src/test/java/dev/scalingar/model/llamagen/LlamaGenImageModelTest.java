package dev.scalingar.model.llamagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ImageModel.Decode;
import dev.scalingar.engine.model.ImageModel.Prefill;
import dev.scalingar.engine.model.ImageModel.Rows;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.testing.LlamaGenFixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A converted tiny LlamaGen model served through the engine's ImageModel interface: prompts,
 * trajectories at mixed ages, copyRow, cfg_interval and decode, against LlamaGen's greedy CFG
 * tokens.
 */
class LlamaGenImageModelTest {

  @TempDir Path dir;

  Path convert(String stem) {
    LlamaGenConverter.convertGpt(
        LlamaGenFixtures.file(stem + ".pt"), false, LlamaGenConverterTest.gptArgs(stem), dir);
    LlamaGenConverter.convertVq(
        LlamaGenFixtures.file("vq-tiny-full.pt"), LlamaGenConverterTest.vqArgs(), dir);
    return dir;
  }

  /** The fixture's captions as a text encoder: prompt "r" gives row r's valid (unpadded) tokens. */
  static TextEncoder fixtureCaptions() {
    try (SafetensorsFile io =
        SafetensorsFile.open(LlamaGenFixtures.file("t2i-tiny-io.safetensors"))) {
      float[] embs = io.floats("caption_embs"); // [3, 8, 32]
      long[] mask = io.longs("emb_mask"); // [3, 8]
      return new TextEncoder() {
        @Override
        public int dim() {
          return 32;
        }

        @Override
        public float[][] encode(String caption) {
          int r = Integer.parseInt(caption);
          List<float[]> tokens = new ArrayList<>();
          for (int k = 0; k < 8; k++) {
            if (mask[r * 8 + k] == 1) {
              tokens.add(
                  java.util.Arrays.copyOfRange(embs, (r * 8 + k) * 32, (r * 8 + k + 1) * 32));
            }
          }
          return tokens.toArray(float[][]::new);
        }
      };
    }
  }

  static long[][] greedyTokens(String stem) {
    try (SafetensorsFile io =
        SafetensorsFile.open(LlamaGenFixtures.file(stem + "-io.safetensors"))) {
      long[] t = io.longs("greedy_cfg_tokens");
      long[][] out = new long[3][16];
      for (int r = 0; r < 3; r++) {
        System.arraycopy(t, r * 16, out[r], 0, 16);
      }
      return out;
    }
  }

  @Test
  void aC2iModelCarriesLlamaGensSamplingDefaults() {
    try (TransformerImageModel model =
        LlamaGenModels.load(
            convert("c2i-tiny"),
            8,
            Device.cpu(),
            DecodeGroups.CPU,
            LlamaGenModels.Options.defaults().withName("llamagen-c2i-tiny"))) {
      assertThat(model.info().name()).isEqualTo("llamagen-c2i-tiny");
      assertThat(model.info().defaultCfgScale()).isEqualTo(4.0);
      assertThat(model.info().defaultTopK()).isEqualTo(2000);
      assertThat(model.info().totalSteps()).isEqualTo(16);
      assertThat(model.weightsSha256()).hasSize(64);
      model.validatePrompt("3");
      assertThatThrownBy(() -> model.validatePrompt("10"))
          .hasMessageContaining("outside the model's 0..9");
      assertThatThrownBy(() -> model.validatePrompt("tabby cat"))
          .hasMessageContaining("not a class index");
    }
  }

  /**
   * Classes 3 and 7 (rows 0, 1 of the fixture) decode greedily under CFG 4.0; the second starts 3
   * steps late.
   */
  @Test
  void c2iTrajectoriesAtMixedAgesPickLlamaGensGreedyTokens() {
    try (TransformerImageModel model =
        LlamaGenModels.load(convert("c2i-tiny"), 8, Device.cpu(), DecodeGroups.parse("0,0"))) {
      long[][] expected = greedyTokens("c2i-tiny");
      assertThat(greedy(model, List.of("3", "7"), 3))
          .isDeepEqualTo(new long[][] {expected[0], expected[1]});
      BufferedImage image = model.decode(toInts(expected[0]));
      assertThat(image.getWidth()).isEqualTo(8); // 4×4 codes, one ×2 upsampling in vq-tiny
      assertThat(image.getHeight()).isEqualTo(8);
    }
  }

  @Test
  void t2iTrajectoriesPickLlamaGensGreedyTokens() {
    Path converted = convert("t2i-tiny");
    try (TransformerImageModel model =
        LlamaGenModels.load(
            converted,
            8,
            Device.cpu(),
            DecodeGroups.CPU,
            LlamaGenModels.Options.defaults().withTextEncoder(fixtureCaptions()))) {
      assertThat(model.info().defaultCfgScale()).isEqualTo(7.5);
      assertThat(model.info().defaultTopK()).isEqualTo(1000);
      long[][] expected = greedyTokens("t2i-tiny");
      assertThat(greedy(model, List.of("0", "1", "2"), 2)).isDeepEqualTo(expected);
    }
  }

  @Test
  void aT2iModelWithoutATextEncoderRefusesToLoadAndSaysWhy() {
    Path converted = convert("t2i-tiny");
    assertThatThrownBy(() -> LlamaGenModels.load(converted, 8, Device.cpu(), DecodeGroups.CPU))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t2i model and no text encoder is configured");
  }

  @Test
  void aCopiedRowContinuesAsItsSource() {
    try (TransformerImageModel model =
        LlamaGenModels.load(
            convert("t2i-tiny"),
            8,
            Device.cpu(),
            DecodeGroups.CPU,
            LlamaGenModels.Options.defaults().withTextEncoder(fixtureCaptions()))) {
      Rows a = new Rows(0, 1);
      Rows b = new Rows(6, 7);
      model.prefill(List.of(new Prefill(a, "1")));
      model.step(List.of(new Decode(a, 0, 5)));
      model.copyRow(0, 6);
      model.copyRow(1, 7);
      ImageModel.GuidedLogits out = model.step(List.of(new Decode(a, 1, 9), new Decode(b, 1, 9)));
      assertThat(out.cond()[1]).containsExactly(out.cond()[0]);
      assertThat(out.uncond()[1]).containsExactly(out.uncond()[0]);
      model.release(6, 7);
    }
  }

  @Test
  void pastCfgIntervalTheUnconditionalHalfIsTheConditional() {
    try (TransformerImageModel model =
        LlamaGenModels.load(
            convert("c2i-tiny"),
            4,
            Device.cpu(),
            DecodeGroups.CPU,
            LlamaGenModels.Options.defaults().withCfgInterval(1))) {
      assertThat(model.cfgInterval()).isEqualTo(1);
      Rows r = new Rows(0, 1);
      ImageModel.GuidedLogits first = model.prefill(List.of(new Prefill(r, "3")));
      assertThat(first.uncond()[0]).isNotEqualTo(first.cond()[0]); // the prefill always guides
      assertThat(model.step(List.of(new Decode(r, 0, 1))).uncond()[0])
          .isNotEqualTo(model.step(List.of(new Decode(r, 0, 1))).cond()[0]);
      model.step(List.of(new Decode(r, 1, 2)));
      ImageModel.GuidedLogits late = model.step(List.of(new Decode(r, 2, 3)));
      assertThat(late.uncond()[0]).containsExactly(late.cond()[0]);
    }
  }

  /**
   * Greedy CFG-4 decoding of one trajectory per prompt through forward (prefills and decodes of a
   * step in one call); trajectory i starts {@code lag·i} steps late, so steps mix positions.
   * Returns each trajectory's 16 tokens.
   */
  static long[][] greedy(ImageModel model, List<String> prompts, int lag) {
    int n = prompts.size();
    long[][] tokens = new long[n][16];
    int[] made = new int[n];
    for (int step = 0; made[n - 1] < 16; step++) {
      List<Prefill> starting = new ArrayList<>();
      List<Integer> startIdx = new ArrayList<>();
      List<Decode> decoding = new ArrayList<>();
      List<Integer> decodeIdx = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Rows rows = new Rows(2 * i, 2 * i + 1);
        if (step == lag * i) {
          starting.add(new Prefill(rows, prompts.get(i)));
          startIdx.add(i);
        } else if (step > lag * i && made[i] < 16) {
          decoding.add(new Decode(rows, made[i] - 1, (int) tokens[i][made[i] - 1]));
          decodeIdx.add(i);
        }
      }
      // one forward, as the engine calls it: the prefills share the shortest rows' call
      ImageModel.StepLogits logits = model.forward(starting, decoding);
      if (!starting.isEmpty()) {
        pick(logits.prefill(), startIdx, tokens, made);
      }
      if (!decoding.isEmpty()) {
        pick(logits.decode(), decodeIdx, tokens, made);
      }
    }
    return tokens;
  }

  private static void pick(
      ImageModel.GuidedLogits logits, List<Integer> which, long[][] tokens, int[] made) {
    for (int k = 0; k < which.size(); k++) {
      int i = which.get(k);
      float[] c = logits.cond()[k];
      float[] u = logits.uncond()[k];
      int best = 0;
      for (int v = 1; v < c.length; v++) {
        if (u[v] + (c[v] - u[v]) * 4f > u[best] + (c[best] - u[best]) * 4f) {
          best = v;
        }
      }
      tokens[i][made[i]++] = best;
    }
  }

  static int[] toInts(long[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (int) a[i];
    }
    return out;
  }
}
