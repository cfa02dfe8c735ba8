package dev.scalingar.worker.testhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos runner's NaN hook is off by default and refused outside a loopback CPU stack. */
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
}
