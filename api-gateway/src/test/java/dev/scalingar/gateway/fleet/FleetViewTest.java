package dev.scalingar.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FleetViewTest {

  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  static WorkerHeartbeat beat(String worker, int busy) {
    return new WorkerHeartbeat(worker, 5000, 32, busy, busy, 1, 0, 0, 1000L * busy, false);
  }

  static JobCompleted completed(String job, long used, long full) {
    var keys = JobCompleted.ObjectKeys.forJob(job);
    return new JobCompleted(
        job,
        "acme",
        "scalingar",
        keys,
        keys,
        T0,
        0,
        OptionalDouble.empty(),
        1,
        new JobCompleted.Tokens(used, 2 * used, full),
        new JobCompleted.Timings(1, 2, 3));
  }

  @Test
  void aWorkerIsShownUntilItMissesThreeHeartbeatsWithItsLatestFigures() {
    FleetView fleet = new FleetView(3, Duration.ofMinutes(1));
    fleet.onHeartbeat(beat("w1", 4), T0);
    fleet.onHeartbeat(beat("w1", 8), T0.plusSeconds(5));
    fleet.onHeartbeat(beat("w1", 2), T0.plusSeconds(1)); // late, older: ignored
    assertThat(fleet.snapshot(T0.plusSeconds(6)).workers())
        .singleElement()
        .satisfies(w -> assertThat(w.heartbeat().busySlots()).isEqualTo(8));
    assertThat(fleet.snapshot(T0.plusSeconds(5 + 15)).workers()).isEmpty();
  }

  @Test
  void ratesCountOnlyEventsInsideTheWindowButTotalsKeepEverything() {
    FleetView fleet = new FleetView(3, Duration.ofMinutes(1));
    Instant now = T0.plusSeconds(600);
    fleet.onJobEvent(completed("j-old-00001", 100, 400), T0, now); // replayed, ten minutes old
    fleet.onJobEvent(completed("j-new-00001", 100, 256), now.minusSeconds(10), now);
    fleet.onJobEvent(
        new TrajectoryPruned(
            "j-new-00001",
            "acme",
            3,
            40,
            TrajectoryPruned.Reason.GATE,
            OptionalDouble.empty(),
            OptionalDouble.empty()),
        now.minusSeconds(20),
        now);
    FleetView.Snapshot s = fleet.snapshot(now);
    assertThat(s.completedPerWindow()).isEqualTo(1);
    assertThat(s.prunedPerWindow()).isEqualTo(1);
    assertThat(s.tokensSavedPerWindow()).isEqualTo(156);
    assertThat(s.completedTotal()).isEqualTo(2);
    assertThat(s.tokensSavedTotal()).isEqualTo(300 + 156);
    assertThat(fleet.snapshot(now.plusSeconds(60)).completedPerWindow()).isZero();
  }
}
