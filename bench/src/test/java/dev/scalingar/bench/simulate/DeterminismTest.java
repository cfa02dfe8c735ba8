package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same simulate.json, byte for byte; another seed, other figures. */
class DeterminismTest {

  @TempDir Path dir;

  SimulateFleet.Report run(String name, long seed) throws IOException {
    Path fleet = dir.resolve("fleet.json");
    if (!Files.exists(fleet)) {
      Files.writeString(
          fleet,
          """
          {"jobs": 16, "n": 8, "slots": 32, "rows": [
            {"name": "scalingar_refill", "jobs_per_minute": 60.0, "makespan_seconds": 16.0, "utilisation": 0.8},
            {"name": "bon_static", "jobs_per_minute": 30.0, "makespan_seconds": 32.0, "utilisation": 1.0}]}
          """);
    }
    SimulateOptions o =
        new SimulateOptions(
            dir.resolve(name),
            List.of("poisson-gpu-scalingar-lag"),
            seed,
            fleet,
            CostLine.CPU,
            CostLine.GPU_H200,
            120,
            60,
            null,
            Scenarios.SATURATING_JOBS);
    return SimulateFleet.run(o, (i, n, s, f) -> {});
  }

  @Test
  void sameSeedSameJson() throws IOException {
    run("a", 11);
    run("b", 11);
    run("c", 12);
    documentedFields(dir.resolve("a/simulate.json"));
    byte[] a = Files.readAllBytes(dir.resolve("a/simulate.json"));
    assertThat(Files.readAllBytes(dir.resolve("b/simulate.json"))).isEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("c/simulate.json"))).isNotEqualTo(a);
  }

  void documentedFields(Path file) throws IOException {
    JsonNode json = PruningProfile.JSON.readTree(file.toFile());
    JsonNode row = json.path("scenarios").get(0);
    for (String field :
        List.of(
            "name",
            "device",
            "trigger",
            "policy",
            "p50_s",
            "p95_s",
            "p99_s",
            "worker_minutes",
            "utilisation",
            "jobs",
            "completed")) {
      assertThat(row.has(field)).as(field).isTrue();
    }
    assertThat(json.path("validation").has("predicted_jobs_per_minute")).isTrue();
    assertThat(json.path("validation").path("measured_jobs_per_minute").asDouble()).isEqualTo(60.0);
    assertThat(json.path("validation").path("row").asText()).isEqualTo("scalingar_refill");
    assertThat(json.path("scenarios").findValuesAsText("name"))
        .contains("validate-scalingar_refill", "validate-bon_static", "poisson-gpu-scalingar-lag");
    assertThat(Files.exists(file.resolveSibling("poisson-gpu-scalingar-lag.png"))).isTrue();
  }
}
