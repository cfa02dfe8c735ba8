package dev.scalingar.worker.testhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ImageModel.Decode;
import dev.scalingar.engine.model.ImageModel.GuidedLogits;
import dev.scalingar.engine.model.ImageModel.Prefill;
import dev.scalingar.engine.model.ImageModel.Rows;
import dev.scalingar.engine.model.ModelInfo;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chaos runner's NaN hook: off by default, refused outside a loopback CPU stack, and what it
 * poisons.
 */
class NanPromptHookTest {

  @Test
  void offUnlessTheVariableIsSet() {
    assertThat(NanPromptHook.fromEnvironment(Map.of(), "kafka.prod:9092", "gpu")).isEmpty();
  }

  @Test
  void onForALoopbackCpuStack() {
    assertThat(
            NanPromptHook.fromEnvironment(
                Map.of(NanPromptHook.VARIABLE, "a green triangle"), "127.0.0.1:19092", "cpu"))
        .contains("a green triangle");
  }

  @Test
  void refusedAgainstABrokerOffLoopbackOrOnAGpu() {
    Map<String, String> env = Map.of(NanPromptHook.VARIABLE, "a green triangle");
    assertThatThrownBy(
            () -> NanPromptHook.fromEnvironment(env, "127.0.0.1:19092,10.0.0.7:9092", "cpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test hook");
    assertThatThrownBy(() -> NanPromptHook.fromEnvironment(env, "127.0.0.1:19092", "gpu"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The engine calls {@link ImageModel#forward}: a poisoned job admitted beside a running one is
   * tracked from that call, and only its rows turn NaN from {@value NanPromptHook#FROM_POSITION}
   * on.
   */
  @Test
  void poisonsThePromptsRowsThroughTheFusedCall() {
    ImageModel model = NanPromptHook.wrap(new Ones(), "A Green Triangle");
    Rows clean = new Rows(0, 1);
    Rows poisoned = new Rows(2, 3);
    model.forward(List.of(new Prefill(clean, "a red circle")), List.of());
    ImageModel.StepLogits both =
        model.forward(
            List.of(new Prefill(poisoned, "a green triangle")), List.of(new Decode(clean, 0, 1)));
    assertThat(both.prefill().cond()[0]).containsOnly(1f);
    int late = NanPromptHook.FROM_POSITION;
    GuidedLogits step =
        model
            .forward(List.of(), List.of(new Decode(clean, late, 1), new Decode(poisoned, late, 1)))
            .decode();
    assertThat(step.cond()[0]).containsOnly(1f);
    assertThat(step.cond()[1]).containsOnly(Float.NaN);
    assertThat(step.uncond()[1]).containsOnly(Float.NaN);
  }

  /** A model whose every logit is 1 (the default forward: prefill, then step). */
  private static final class Ones implements ImageModel {
    @Override
    public ModelInfo info() {
      return new ModelInfo("ones", 3, 2, 2, 1.0, 4, 0);
    }

    @Override
    public void validatePrompt(String prompt) {}

    @Override
    public GuidedLogits prefill(List<Prefill> trajectories) {
      return ones(trajectories.size());
    }

    @Override
    public GuidedLogits step(List<Decode> trajectories) {
      return ones(trajectories.size());
    }

    private static GuidedLogits ones(int n) {
      float[][] cond = new float[n][];
      float[][] uncond = new float[n][];
      for (int i = 0; i < n; i++) {
        cond[i] = new float[] {1, 1, 1};
        uncond[i] = new float[] {1, 1, 1};
      }
      return new GuidedLogits(cond, uncond);
    }

    @Override
    public void release(int... rows) {}

    @Override
    public void copyRow(int src, int dst) {}

    @Override
    public BufferedImage decode(int[] grid) {
      return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    }

    @Override
    public void close() {}
  }
}
