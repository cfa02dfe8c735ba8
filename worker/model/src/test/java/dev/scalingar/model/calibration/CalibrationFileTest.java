package dev.scalingar.model.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.sampler.profile.Feature;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationFileTest {

  static CalibrationFile sample(String sha) {
    return new CalibrationFile(
        CalibrationFile.FORMAT,
        "m-cal-1",
        "m",
        sha,
        List.of("surprisal_rel_mean", "paper_c"),
        List.of(0.0, 0.0),
        List.of(0.5, 0.1),
        List.of(-1.0, 0.2),
        -0.3,
        true,
        Map.of("set", "dev"),
        Map.of("0.5", 0.7));
  }

  @Test
  void writesAndReadsBackTheSamplersCalibration(@TempDir Path dir) {
    Path file = dir.resolve("m.calibration.json");
    sample("aa11").write(file);
    CalibrationFile back = CalibrationFile.read(file);
    assertThat(back).isEqualTo(sample("aa11"));
    assertThat(back.calibration().features())
        .containsExactly(Feature.SURPRISAL_REL_MEAN, Feature.PAPER_C);
    assertThat(back.calibration().jobRelative()).isTrue();
  }

  @Test
  void aCalibrationForOtherWeightsIsRefusedNamingBothHashes() {
    assertThatThrownBy(() -> sample("aa11").requireFor("m", "bb22"))
        .isInstanceOf(CalibrationException.class)
        .hasMessageContaining("aa11")
        .hasMessageContaining("bb22");
    assertThat(sample("aa11").requireFor("m", "aa11")).isEqualTo(sample("aa11"));
  }

  @Test
  void badFilesAreRefusedWithTheirNameAndNothingRunsFromThem() {
    String unknownFeature =
        """
        {"format": "scalingar-calibration-v1", "id": "x", "model": "m", "weights_sha256": "a", "features": ["rm -rf"],
         "center": [0], "scale": [1], "coefficients": [1], "intercept": 0, "job_relative": true}""";
    assertThatThrownBy(
            () ->
                CalibrationFile.read(
                    new ByteArrayInputStream(unknownFeature.getBytes(StandardCharsets.UTF_8)),
                    "f.json"))
        .hasMessageContaining("f.json")
        .hasMessageContaining("unknown feature 'rm -rf'");
    String otherFormat =
        "{\"format\": \"v0\", \"id\": \"x\", \"model\": \"m\", \"weights_sha256\": \"a\", \"features\": [], \"intercept\": 0, \"job_relative\": false}";
    assertThatThrownBy(
            () ->
                CalibrationFile.read(
                    new ByteArrayInputStream(otherFormat.getBytes(StandardCharsets.UTF_8)),
                    "g.json"))
        .hasMessageContaining("g.json")
        .hasMessageContaining("scalingar-calibration-v1");
    String badScale =
        unknownFeature.replace("rm -rf", "paper_c").replace("\"scale\": [1]", "\"scale\": [0]");
    assertThatThrownBy(
            () ->
                CalibrationFile.read(
                    new ByteArrayInputStream(badScale.getBytes(StandardCharsets.UTF_8)), "h.json"))
        .hasMessageContaining("scale > 0");
  }
}
