package dev.scalingar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./scalingar simulate-fleet}: the validation's line, and {@code --write-profiles} (how the
 * shipped profiles are made).
 */
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

  @Test
  void withoutACpuLineTheValidationTimesByTheFleetJsonsOwnLine() throws Exception {
    Path fleet =
        Files.writeString(
            tmp.resolve("fleet.json"),
            """
            {"jobs": 48, "n": 8, "slots": 32, "decode_groups": "1000.0,30.0", "prefill": "fused",
             "rows": [{"name": "scalingar_adaptive", "jobs_per_minute": 75.0,
                       "makespan_seconds": 38.4, "utilisation": 0.29}],
             "lockstep_line": {"fixed_ms": 7.1, "per_trajectory_ms": 0.35,
                               "per_position_ms": 0.0021, "prefix": 8, "r_squared": 0.92,
                               "steps": 24606}}
            """);
    int code =
        run(
            "simulate-fleet",
            "--scenario",
            "validate",
            "--fleet-json",
            fleet.toString(),
            "--out",
            tmp.resolve("out").toString());
    assertThat(code).as(err.toString()).isZero();
    String written = Files.readString(tmp.resolve("out/simulate.json"));
    assertThat(written)
        .contains("scalingar_adaptive")
        .contains("cpu: 7.10 ms/call")
        .contains("fitted to the fleet.json's 24606 lockstep steps");
  }
}
