package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JFR's samples tell Java work from native calls, and name the JNI method and our caller. */
class StepSamplesTest {

  @TempDir Path dir;

  private static volatile double sink;

  @Test
  void aStepInJavaSamplesAsJavaAndAStepInPyTorchAsNative() throws Exception {
    StepSamples.Figures java =
        StepSamples.run(
            () -> {
              double x = 0;
              for (int i = 0; i < 2_000_000; i++) {
                x += Math.sqrt(i);
              }
              sink = x;
            },
            Duration.ofMillis(1500),
            dir.resolve("java.jfr"));
    assertThat(java.javaSamples()).isGreaterThan(java.nativeSamples());
    assertThat(java.steps()).isPositive();

    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomUniform(-1, 1, new Shape(384, 384));
      StepSamples.Figures pytorch =
          StepSamples.run(
              () -> Linear.apply(x, x).close(), Duration.ofMillis(1500), dir.resolve("native.jfr"));
      assertThat(pytorch.nativeSamples()).isGreaterThan(pytorch.javaSamples());
      assertThat(pytorch.nativeShare()).isGreaterThan(0.5).isLessThanOrEqualTo(1);
      // every native sample is in one site, and the heaviest is the matmul called from Linear
      assertThat(pytorch.sites().stream().mapToInt(StepSamples.Site::samples).sum())
          .isEqualTo(pytorch.nativeSamples());
      assertThat(pytorch.sites().get(0).nativeMethod()).contains("Matmul");
      assertThat(pytorch.sites().get(0).caller()).isEqualTo("Linear.apply");
    }
  }
}
