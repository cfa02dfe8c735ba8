package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

  static NDManager manager;
  static Weights weights;

  @BeforeAll
  static void setUp() {
    manager = NDManager.newBaseManager();
    weights = Weights.initialise(TransformerTest.TINY, manager, 5);
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  @Test
  void weightsRoundTripThroughTheFileByLlamaGenNames(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tiny.safetensors");
    WeightsFile.write(file, weights, Map.of("config", "tiny"));
    WeightsFile.Contents back = WeightsFile.read(file, manager);
    assertThat(back.metadata())
        .containsEntry("config", "tiny")
        .containsEntry("format", WeightsFile.FORMAT)
        .containsKey("sha256");
    assertThat(back.tensors().keySet())
        .contains(
            "tok_embeddings.weight",
            "layers.1.attention.wqkv.weight",
            "layers.0.feed_forward.w2.weight",
            "norm.weight",
            "output.weight");
    Weights loaded = Weights.of(TransformerTest.TINY, back.tensors());
    for (var e : weights.all().entrySet()) {
      assertThat(loaded.get(e.getKey()).toFloatArray())
          .as(e.getKey())
          .containsExactly(e.getValue().toFloatArray());
    }
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> WeightsFile.read(dir.resolve("nope.safetensors"), manager))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("nope.safetensors");
  }

  @Test
  void aTruncatedFileIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.safetensors");
    WeightsFile.write(file, weights, Map.of());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> WeightsFile.read(file, manager))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("truncated");
    Files.write(file, java.util.Arrays.copyOf(bytes, 5));
    assertThatThrownBy(() -> WeightsFile.read(file, manager))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aFlippedByteFailsTheChecksum(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    WeightsFile.write(file, weights, Map.of());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 7] ^= 0x40;
    Files.write(file, bytes);
    assertThatThrownBy(() -> WeightsFile.read(file, manager))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("corrupt")
        .hasMessageContaining("SHA-256");
  }

  @Test
  void weightsOfAnotherConfigurationAreRefusedNamingTheTensor(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("w.safetensors");
    WeightsFile.write(file, weights, Map.of());
    ModelArgs wider = new ModelArgs("wider", 64, 2, 2, 20, 4, 3, 11, 16, 1e-5, 10000, 0.1, 3.0);
    var contents = WeightsFile.read(file, manager);
    assertThatThrownBy(() -> Weights.of(wider, contents.tensors()))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("tok_embeddings.weight")
        .hasMessageContaining("shape");
    ModelArgs deeper = new ModelArgs("deeper", 32, 3, 2, 20, 4, 3, 11, 16, 1e-5, 10000, 0.1, 3.0);
    assertThatThrownBy(() -> Weights.of(deeper, contents.tensors()))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("layers.2.")
        .hasMessageContaining("missing");
  }

  @Test
  void notASafetensorsFileAtAll(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.safetensors");
    Files.writeString(file, "this is not a weights file, just some text that is long enough");
    assertThatThrownBy(() -> WeightsFile.read(file, manager))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("not a safetensors file");
  }

  @Test
  void halfPrecisionTensorsAreWidened() {
    assertThat(Half.toFloat((short) 0x3c00)).isEqualTo(1.0f);
    assertThat(Half.toFloat((short) 0xc000)).isEqualTo(-2.0f);
    assertThat(Half.toFloat((short) 0x3555))
        .isCloseTo(0.33325f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(Half.toFloat((short) 0x0001))
        .isCloseTo(5.96e-8f, org.assertj.core.data.Offset.offset(1e-9f));
    assertThat(Half.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
  }
}
