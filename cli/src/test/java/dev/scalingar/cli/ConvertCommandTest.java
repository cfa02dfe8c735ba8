package dev.scalingar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.model.llamagen.SafetensorsFile;
import dev.scalingar.testing.LlamaGenFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./scalingar convert llamagen} and {@code verify} in process, on LlamaGen's tiny reference
 * checkpoints.
 */
class ConvertCommandTest extends InProcessCommandTest {

  @TempDir Path tmp;

  /** The fixture's LlamaGen ModelArgs JSON as a --config file. */
  Path config(String fixture) throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(LlamaGenFixtures.file(fixture))) {
      return Files.writeString(
          tmp.resolve(fixture.replace(".safetensors", ".json")), f.metadata().get("model_args"));
    }
  }

  @Test
  void convertsAC2iModelAndItsVqThenVerifiesBoth() throws IOException {
    Path dir = tmp.resolve("llamagen-c2i-tiny");
    int code =
        run(
            "convert",
            "llamagen",
            "--gpt",
            LlamaGenFixtures.file("c2i-tiny.pt").toString(),
            "--vq",
            LlamaGenFixtures.file("vq-tiny-full.pt").toString(),
            "--config",
            config("c2i-tiny.safetensors").toString(),
            "--vq-config",
            config("vq-tiny.safetensors").toString(),
            "--type",
            "c2i",
            "--out",
            dir.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("gpt.safetensors: 18 tensors, 140,288 values")
        .contains("vq.safetensors: 117 tensors");
    assertThat(dir.resolve("gpt.safetensors.sha256")).exists();
    assertThat(dir.resolve("vq.safetensors.sha256")).exists();

    for (String io : new String[] {"c2i-tiny-io.safetensors", "vq-tiny-io.safetensors"}) {
      out.getBuffer().setLength(0);
      int verified =
          run(
              "convert",
              "llamagen",
              "verify",
              "--weights",
              dir.toString(),
              "--io",
              LlamaGenFixtures.file(io).toString());
      String line = out.toString().strip();
      assertThat(line).as(err.toString()).isNotEmpty();
      assertThat(line).doesNotContain("\n");
      JsonNode json = new ObjectMapper().readTree(line);
      java.util.List<String> keys = new java.util.ArrayList<>();
      json.fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .containsExactly(
              "logits_full_max_abs_diff",
              "logits_incremental_max_abs_diff",
              "cfg_logits_max_abs_diff",
              "greedy_tokens_equal",
              "image_max_abs_diff",
              "ok");
      assertThat(json.get("ok").asBoolean()).as(line).isTrue();
      assertThat(verified).isZero();
    }
  }

  @Test
  void badInputIsOneLineAndNoOutput() throws IOException {
    Path bad = Files.writeString(tmp.resolve("notes.pt"), "not a checkpoint");
    Path dir = tmp.resolve("out");
    int code =
        run(
            "convert",
            "llamagen",
            "--gpt",
            bad.toString(),
            "--config",
            "GPT-B",
            "--type",
            "c2i",
            "--out",
            dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("scalingar llamagen: notes.pt is not a PyTorch checkpoint (not a zip archive)");
    assertThat(dir).doesNotExist();
  }

  @Test
  void aGptWithoutAConfigurationIsRefusedBeforeAnythingIsRead() {
    int code = run("convert", "llamagen", "--gpt", "x.pt", "--out", tmp.resolve("o").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--gpt needs --config");
  }
}
