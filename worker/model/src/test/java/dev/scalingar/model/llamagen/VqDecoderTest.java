package dev.scalingar.model.llamagen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scalingar.testing.LlamaGenFixtures;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The VQ decoder against LlamaGen's vq_model.py on the tiny VQ fixture (atol 1e-4). */
class VqDecoderTest {

  NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  Map<String, NDArray> read(String file) {
    Map<String, NDArray> out = new HashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(LlamaGenFixtures.file(file))) {
      f.entries().keySet().forEach(n -> out.put(n, f.array(n, manager)));
    }
    return out;
  }

  VqDecoder decoder() {
    return new VqDecoder(LlamaGenConverterTest.vqArgs(), read("vq-tiny.safetensors"));
  }

  @Test
  void codebookLookUpIsL2Normalised() {
    Map<String, NDArray> io = read("vq-tiny-io.safetensors");
    VqDecoder d = decoder();
    assertClose(d.codebook(), io.get("codebook_l2"), "codebook_l2");
    assertClose(d.quant(io.get("indices")), io.get("quant"), "quant");
    assertClose(
        d.quant(io.get("indices")).transpose(0, 2, 3, 1),
        io.get("codebook_vectors"),
        "codebook_vectors");
  }

  @Test
  void intermediatesAndImageMatch() {
    Map<String, NDArray> io = read("vq-tiny-io.safetensors");
    VqDecoder.Trace t = decoder().trace(io.get("indices"));
    assertClose(t.postQuant(), io.get("post_quant"), "post_quant");
    assertClose(t.convIn(), io.get("dec_conv_in"), "dec_conv_in");
    assertClose(t.mid(), io.get("dec_mid"), "dec_mid");
    assertThat(t.upsampled()).hasSize(1);
    assertClose(t.upsampled().get(0), io.get("dec_block0_upsampled"), "dec_block0_upsampled");
    assertClose(t.normOut(), io.get("dec_norm_out"), "dec_norm_out");
    assertClose(t.image(), io.get("image"), "image");
  }

  @Test
  void aGridDecodesToAnImageOfTheUpsampledSize() {
    Map<String, NDArray> io = read("vq-tiny-io.safetensors");
    long[] first = io.get("indices").get(0).toLongArray();
    int[] grid = new int[first.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (int) first[i];
    }
    BufferedImage image = decoder().decodeToImage(grid, 4, 4);
    assertThat(image.getWidth()).isEqualTo(8);
    assertThat(image.getHeight()).isEqualTo(8);
    float[] ref = io.get("image").get(0).toFloatArray();
    int rgb = image.getRGB(3, 5);
    assertThat((rgb >> 16) & 0xff).isEqualTo(VqDecoder.byte8(ref[5 * 8 + 3]));
    assertThat(rgb & 0xff).isEqualTo(VqDecoder.byte8(ref[2 * 64 + 5 * 8 + 3]));
  }

  @Test
  void pixelMappingIsSaveImages() {
    assertThat(VqDecoder.byte8(-1.3f)).isZero();
    assertThat(VqDecoder.byte8(1.47f)).isEqualTo(255);
    assertThat(VqDecoder.byte8(0f)).isEqualTo(128); // 0.5·255 + 0.5 = 128.0
  }

  static void assertClose(NDArray actual, NDArray expected, String what) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    float worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - e[i]));
    }
    assertThat(worst).as(what + ": max abs diff").isLessThanOrEqualTo(1e-4f);
  }
}
