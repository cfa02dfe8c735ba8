package dev.scalingar.model.llamagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.model.ModelArgs;
import dev.scalingar.testing.LlamaGenFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real torch.save checkpoints in LlamaGen's training format convert to the fixtures' tensors, bit
 * for bit.
 */
class LlamaGenConverterTest {

  @TempDir Path tmp;

  static ModelArgs gptArgs(String stem) {
    try (SafetensorsFile f = SafetensorsFile.open(LlamaGenFixtures.file(stem + ".safetensors"))) {
      return LlamaGenArgs.fromJson(f.metadata().get("model_args"), stem);
    }
  }

  static VqArgs vqArgs() {
    try (SafetensorsFile f = SafetensorsFile.open(LlamaGenFixtures.file("vq-tiny.safetensors"))) {
      return VqArgs.fromJson(f.metadata().get("model_args"), "vq-tiny");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void gptCheckpointConvertsToTheReferenceTensorsBitwise(String stem) throws IOException {
    ModelArgs args = gptArgs(stem);
    var result =
        LlamaGenConverter.convertGpt(
            LlamaGenFixtures.file(stem + ".pt"), false, args, tmp.resolve("out"));
    assertBitwiseEqual(result.file(), LlamaGenFixtures.file(stem + ".safetensors"));
    assertThat(result.tensors()).isEqualTo(stem.startsWith("c2i") ? 18 : 20);
    try (SafetensorsFile out = SafetensorsFile.open(result.file())) {
      out.verifySha256();
      assertThat(out.metadata())
          .containsEntry("kind", "llamagen-gpt")
          .containsEntry("sha256", result.sha256());
      assertThat(LlamaGenArgs.fromJson(out.metadata().get("llamagen_model_args"), stem))
          .isEqualTo(args);
    }
    String sidecar = Files.readString(result.file().resolveSibling("gpt.safetensors.sha256"));
    assertThat(sidecar)
        .isEqualTo(SafetensorsWriter.fileSha256(result.file()) + "  gpt.safetensors\n");
  }

  @Test
  void vqCheckpointConvertsItsDecoderSideBitwise() throws IOException {
    var result =
        LlamaGenConverter.convertVq(LlamaGenFixtures.file("vq-tiny-full.pt"), vqArgs(), tmp);
    assertThat(result.tensors()).isEqualTo(117);
    assertThat(result.elements()).isEqualTo(5_217_827L);
    assertBitwiseEqual(result.file(), LlamaGenFixtures.file("vq-tiny.safetensors"));
  }

  @Test
  void emaIsRefusedWhereTheCheckpointHasNone() {
    assertThatThrownBy(
            () ->
                LlamaGenConverter.convertGpt(
                    LlamaGenFixtures.file("c2i-tiny.pt"),
                    true,
                    gptArgs("c2i-tiny"),
                    tmp.resolve("o")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("no 'ema' weights");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void notAZipIsOneLineAndNoOutput() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.pt"), "hello, not a checkpoint");
    assertRefused(bad, "not a PyTorch checkpoint (not a zip archive)");
  }

  @Test
  void aTruncatedCheckpointIsRefused() throws IOException {
    byte[] all = Files.readAllBytes(LlamaGenFixtures.file("c2i-tiny.pt"));
    Path cut = Files.write(tmp.resolve("cut.pt"), Arrays.copyOf(all, all.length / 2));
    assertRefused(cut, "truncated or not a zip archive");
  }

  @Test
  void aForeignPickleGlobalIsRefusedByName() throws IOException {
    // The classic exploit: a pickle whose REDUCE would call os.system. Same archive, data.pkl
    // replaced.
    byte[] evil =
        "\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003."
            .getBytes(StandardCharsets.ISO_8859_1);
    Path bad = rewrite(LlamaGenFixtures.file("c2i-tiny.pt"), "data.pkl", evil, null);
    assertRefused(bad, "names the pickle global os.system");
  }

  @Test
  void aMissingTensorIsNamed() throws IOException {
    Path bad = rewrite(LlamaGenFixtures.file("c2i-tiny.pt"), "data.pkl", null, "norm.weight");
    assertRefused(bad, "tensor 'norm.weight' is missing (configuration c2i-tiny needs shape [64])");
  }

  @Test
  void aWrongShapeNamesTheTensorAndBothShapes() {
    ModelArgs args = gptArgs("c2i-tiny");
    ModelArgs wider =
        new ModelArgs(
            "wider",
            args.dim(),
            args.nLayer(),
            args.nHead(),
            128,
            args.gridSize(),
            args.clsTokenNum(),
            0,
            args.multipleOf(),
            args.normEps(),
            args.ropeBase(),
            args.classDropoutProb(),
            4.0,
            args.conditioning(),
            args.numClasses(),
            0);
    Path out = tmp.resolve("o");
    assertThatThrownBy(
            () ->
                LlamaGenConverter.convertGpt(
                    LlamaGenFixtures.file("c2i-tiny.pt"), false, wider, out))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            "c2i-tiny.pt: tensor 'tok_embeddings.weight' has shape [64, 64] but configuration wider needs [128, 64]");
    assertThat(out).doesNotExist();
  }

  @Test
  void aCheckpointOfTheOtherTypeIsRefused() {
    assertThatThrownBy(
            () ->
                LlamaGenConverter.convertGpt(
                    LlamaGenFixtures.file("t2i-tiny.pt"),
                    false,
                    gptArgs("c2i-tiny"),
                    tmp.resolve("o")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("unexpected tensor 'cls_embedding.uncond_embedding'");
  }

  private void assertRefused(Path checkpoint, String message) {
    Path out = tmp.resolve("refused");
    assertThatThrownBy(
            () -> LlamaGenConverter.convertGpt(checkpoint, false, gptArgs("c2i-tiny"), out))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(out).doesNotExist();
  }

  /**
   * A copy of a checkpoint with its data.pkl replaced by {@code pickle}, or with the key {@code
   * drop} renamed away.
   */
  private Path rewrite(Path source, String entry, byte[] pickle, String drop) throws IOException {
    Path out = tmp.resolve("rewritten-" + (drop == null ? "global" : drop) + ".pt");
    try (ZipFile in = new ZipFile(source.toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (var it = in.entries(); it.hasMoreElements(); ) {
        ZipEntry e = it.nextElement();
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().endsWith("/" + entry)) {
          bytes = pickle != null ? pickle : renameKey(bytes, drop, "freqs_cis");
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out;
  }

  /**
   * Replaces the pickled string {@code key} (BINUNICODE: 'X', a 4-byte length, UTF-8) by {@code
   * to}. A protocol-2 pickle has no byte offsets, so the lengths may differ. Renamed to freqs_cis,
   * a stray cache the converter drops, the tensor goes missing.
   */
  private static byte[] renameKey(byte[] pickle, String key, String to) {
    byte[] from = binunicode(key);
    for (int i = 0; i + from.length <= pickle.length; i++) {
      if (Arrays.equals(pickle, i, i + from.length, from, 0, from.length)) {
        byte[] replacement = binunicode(to);
        byte[] out = new byte[pickle.length - from.length + replacement.length];
        System.arraycopy(pickle, 0, out, 0, i);
        System.arraycopy(replacement, 0, out, i, replacement.length);
        System.arraycopy(
            pickle, i + from.length, out, i + replacement.length, pickle.length - i - from.length);
        return out;
      }
    }
    throw new AssertionError(key + " is not in the pickle");
  }

  private static byte[] binunicode(String s) {
    byte[] text = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(5 + text.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put((byte) 'X')
        .putInt(text.length)
        .put(text)
        .array();
  }

  static void assertBitwiseEqual(Path actual, Path expected) {
    try (SafetensorsFile a = SafetensorsFile.open(actual);
        SafetensorsFile e = SafetensorsFile.open(expected)) {
      assertThat(a.entries().keySet()).containsExactlyInAnyOrderElementsOf(e.entries().keySet());
      for (String name : e.entries().keySet()) {
        assertThat(a.entry(name).shape()).as(name).containsExactly(e.entry(name).shape());
        ByteBuffer x = a.bytes(name);
        ByteBuffer y = e.bytes(name);
        assertThat(x.equals(y)).as("bytes of %s", name).isTrue();
      }
    }
  }
}
