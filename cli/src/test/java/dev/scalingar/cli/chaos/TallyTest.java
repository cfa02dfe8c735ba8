package dev.scalingar.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.schemas.OutputSchemas;
import dev.scalingar.schemas.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos runner's accounting: lost and duplicated from events and object sets. */
class TallyTest {

  private static SeenEvent ev(String job, String type, String id, String reason) {
    return new SeenEvent(job, type, id, reason, type.equals("started") ? 1 : 0);
  }

  @Test
  void countsCompletedFailedLostAndDuplicated() {
    List<SeenEvent> events =
        List.of(
            ev("j-1", "started", "j-1/started/1", null),
            ev("j-1", "completed", "j-1/completed", null),
            // a redelivered terminal record with the same id: one outcome, not a duplicate
            ev("j-1", "completed", "j-1/completed", null),
            ev("j-2", "failed", "j-2/failed", "internal"),
            // j-3: started only, never terminal: lost
            ev("j-3", "started", "j-3/started/1", null),
            // j-4: two different completed ids: duplicated
            ev("j-4", "completed", "j-4/completed", null),
            ev("j-4", "completed", "j-4/completed-again", null),
            // j-5: completed and failed: duplicated
            ev("j-5", "completed", "j-5/completed", null),
            ev("j-5", "failed", "j-5/failed", "storage_error"),
            // j-6: one completed event but two object sets: duplicated
            ev("j-6", "completed", "j-6/completed", null),
            // not accepted by the gateway in this scenario: ignored
            ev("j-9", "completed", "j-9/completed", null));
    Map<String, Integer> sets = Map.of("j-1", 1, "j-4", 1, "j-5", 1, "j-6", 2);
    Tally t = Tally.of(List.of("j-1", "j-2", "j-3", "j-4", "j-5", "j-6", "j-7"), events, sets);
    assertThat(t.completed()).isEqualTo(4);
    assertThat(t.failed()).isEqualTo(1);
    assertThat(t.failedReasons()).containsExactly(Map.entry("internal", 1));
    assertThat(t.lost()).containsExactly("j-3", "j-7");
    assertThat(t.duplicated()).containsExactly("j-4", "j-5", "j-6");
    assertThat(t.repeatedTerminalRecords()).isEqualTo(1);
    assertThat(t.completedWithoutObjects()).isEmpty();
  }

  @Test
  void aCompletedJobWithoutItsObjectsIsNoted() {
    Tally t =
        Tally.of(List.of("j-1"), List.of(ev("j-1", "completed", "j-1/completed", null)), Map.of());
    assertThat(t.completed()).isEqualTo(1);
    assertThat(t.completedWithoutObjects()).containsExactly("j-1");
    assertThat(t.lost()).isEmpty();
  }

  @Test
  void theWrittenFileMatchesItsSchema(@TempDir Path dir) throws Exception {
    ScenarioResult r =
        new ScenarioResult(
            "poison-step",
            "a fault",
            6,
            6,
            5,
            1,
            Map.of("internal", 1),
            0,
            0,
            Map.of("GET 200", 3),
            "notes");
    Path file = dir.resolve("chaos.json");
    ChaosReport.write(file, List.of(r));
    assertThat(OutputSchemas.check("chaos", WireCodec.mapper().readTree(Files.readString(file))))
        .isEmpty();
    assertThat(ChaosReport.table(List.of(r))).contains("poison-step").contains("internal x1");
  }
}
