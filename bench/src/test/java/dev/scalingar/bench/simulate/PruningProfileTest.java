package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped profiles are what the recorded evaluation run says, and bench-fleet's jobs come
 * first.
 */
class PruningProfileTest {

  static final Path RECORDS = Path.of("../docs/bench/v2/state/results.jsonl.gz");

  @Test
  void shippedProfilesAreTheRecordsExtracted() throws IOException {
    Assumptions.assumeTrue(
        Files.exists(RECORDS), "the eval run's records are in docs/bench/v2/state/");
    Map<String, PruningProfile> fromRecords = PruningProfile.fromResults(RECORDS);
    Map<String, PruningProfile> shipped = PruningProfile.shipped();
    assertThat(shipped.keySet()).containsExactlyElementsOf(PruningProfile.ARMS);
    for (String arm : PruningProfile.ARMS) {
      PruningProfile a = shipped.get(arm), b = fromRecords.get(arm);
      assertThat(a.jobs()).hasSize(300);
      assertThat(a.gridSteps()).isEqualTo(b.gridSteps());
      assertThat(a.accuracy()).isEqualTo(b.accuracy());
      for (int i = 0; i < a.jobs().size(); i++) {
        assertThat(a.jobs().get(i)).isEqualTo(b.jobs().get(i));
      }
    }
  }

  @Test
  void theShippedResourceIsWhatWriteExtractWrites(@TempDir Path tmp) throws IOException {
    Assumptions.assumeTrue(
        Files.exists(RECORDS), "the eval run's records are in docs/bench/v2/state/");
    JsonNode shipped;
    try (InputStream in = PruningProfile.class.getResourceAsStream(PruningProfile.RESOURCE)) {
      shipped = PruningProfile.JSON.readTree(in);
    }
    Path written = tmp.resolve("profiles.json");
    PruningProfile.writeExtract(RECORDS, shipped.path("source").asText(), written);
    assertThat(PruningProfile.JSON.readTree(written.toFile())).isEqualTo(shipped);
  }

  @Test
  void benchFleetsJobsAreTheFirstOfTheServedArm() {
    // The first 48 jobs of the served gate, in submission order, are bench-fleet's 48: 28,280
    // trajectory-steps in all (589.17 a job, fleet.json's tokens_per_job).
    PruningProfile served = PruningProfile.shipped().get("scalingar");
    long sum = 0;
    for (int i = 0; i < 48; i++) {
      for (int s : served.job(i, 256)) {
        sum += s;
      }
    }
    assertThat(sum).isEqualTo(28_280);
  }

  @Test
  void theServedGatePrunesAndBestOfNDoesNot() {
    Map<String, PruningProfile> p = PruningProfile.shipped();
    assertThat(p.get("scalingar").meanTrajectorySteps() / (8 * 256.0))
        .isBetween(0.28, 0.30); // shapes-v2 report: 0.288
    assertThat(p.get("bon").meanTrajectorySteps()).isEqualTo(8 * 256.0);
    assertThat(p.get("scalingar").accuracy()).isBetween(0.68, 0.69); // 0.687
    assertThat(p.get("bon").accuracy()).isBetween(0.56, 0.57); // 0.563
  }

  @Test
  void scalingToAnotherGridKeepsTheFraction() {
    PruningProfile p = new PruningProfile("t", 256, 0.5, java.util.List.of(new int[] {256, 64, 1}));
    assertThat(p.job(0, 1024)).containsExactly(1024, 256, 4);
    assertThat(p.sample(new SplittableRandom(1), 256)).containsExactly(256, 64, 1);
  }
}
