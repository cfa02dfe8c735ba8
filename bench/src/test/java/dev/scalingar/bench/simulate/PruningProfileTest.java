package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped profiles are what the recorded evaluation run says, and bench-fleet's jobs come
 * first.
 */
class PruningProfileTest {

  static final Path RECORDS = Path.of("../docs/bench/state/results.jsonl.gz");

  @Test
  void shippedProfilesAreTheRecordsExtracted() throws IOException {
    Assumptions.assumeTrue(
        Files.exists(RECORDS), "the eval run's records are in docs/bench/state/");
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
  void benchFleetsThirtyTwoJobsAreTheFirstOfTheTunedArm() {
    // fleet.json's tokens_per_job for its 32 jobs of the dev-tuned gate: 870.0.
    PruningProfile tuned = PruningProfile.shipped().get("scalingar_tuned");
    double sum = 0;
    for (int i = 0; i < 32; i++) {
      for (int s : tuned.job(i, 256)) {
        sum += s;
      }
    }
    assertThat(sum / 32).isEqualTo(870.0);
  }

  @Test
  void theServedGatePrunesAndBestOfNDoesNot() {
    Map<String, PruningProfile> p = PruningProfile.shipped();
    assertThat(p.get("scalingar").meanTrajectorySteps() / (8 * 256.0))
        .isBetween(0.28, 0.30); // report: 0.291
    assertThat(p.get("bon").meanTrajectorySteps()).isEqualTo(8 * 256.0);
    assertThat(p.get("scalingar").accuracy()).isBetween(0.48, 0.49);
  }

  @Test
  void scalingToAnotherGridKeepsTheFraction() {
    PruningProfile p = new PruningProfile("t", 256, 0.5, java.util.List.of(new int[] {256, 64, 1}));
    assertThat(p.job(0, 1024)).containsExactly(1024, 256, 4);
    assertThat(p.sample(new SplittableRandom(1), 256)).containsExactly(256, 64, 1);
  }
}
