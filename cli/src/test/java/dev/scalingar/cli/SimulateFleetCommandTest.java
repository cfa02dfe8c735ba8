package dev.scalingar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./scalingar simulate-fleet --write-profiles}: how the shipped profiles are made. */
class SimulateFleetCommandTest extends InProcessCommandTest {

  @TempDir Path tmp;

  @Test
  void writingProfilesWithoutRecordsToReadIsAUsageError() {
    Path file = tmp.resolve("profiles.json");
    int code = run("simulate-fleet", "--write-profiles", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--write-profiles needs --profiles RESULTS_JSONL");
    assertThat(file).doesNotExist();
  }

  @Test
  void recordsWithoutTheProfilesArmsAreRefusedByName() throws Exception {
    Path records = Files.writeString(tmp.resolve("results.jsonl"), "\n");
    int code =
        run(
            "simulate-fleet",
            "--profiles",
            records.toString(),
            "--write-profiles",
            tmp.resolve("p.json").toString());
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("holds no jobs of arm scalingar");
  }
}
