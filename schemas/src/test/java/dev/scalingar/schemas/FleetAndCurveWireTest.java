package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import dev.scalingar.schemas.trace.TraceEvent;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The two additions of issue 20: the progress event's curve and the worker heartbeat. */
class FleetAndCurveWireTest {

  @Test
  void aHeartbeatIsAboutAWorkerNotAJob() {
    WorkerHeartbeat h = new WorkerHeartbeat("w-1", 5000, 32, 8, 8, 1, 2, 16, 4096, false);
    CloudEvent e =
        WireEvents.envelope("worker/w-1/heartbeat/7", URI.create("/scalingar/worker/w-1"), h);
    assertThat(e.getType()).isEqualTo("dev.scalingar.worker.heartbeat");
    assertThat(e.getSubject()).isEqualTo("worker/w-1");
    assertThat(e.getExtension(WireEvents.TENANT_EXTENSION)).isNull();
    assertThat(WireEvents.data(e, WorkerHeartbeat.class)).isEqualTo(h);
  }

  @Test
  void aCurveKeepsItsNullsOnTheWire() {
    JobProgress p =
        new JobProgress(
            "j-0123456789",
            "acme",
            3,
            256,
            1,
            6,
            OptionalDouble.empty(),
            Optional.empty(),
            Optional.of(
                new JobProgress.Curve(
                    List.of(1, 2),
                    Arrays.asList(null, null),
                    List.of(new JobProgress.Series(0, Arrays.asList(0.5, null))),
                    List.of())));
    String json = new String(WireCodec.encode("job-progress", p), StandardCharsets.UTF_8);
    assertThat(json).contains("\"C\":[0.5,null]").contains("\"theta\":[null,null]");
    assertThat(
            WireCodec.decode(
                "job-progress", json.getBytes(StandardCharsets.UTF_8), JobProgress.class))
        .isEqualTo(p);
  }

  @Test
  void aCurveWhoseListsDisagreeInLengthIsRefused() {
    assertThatThrownBy(
            () ->
                new JobProgress.Curve(
                    List.of(1, 2),
                    List.of(0.5),
                    List.of(new JobProgress.Series(0, List.of(0.5, 0.6))),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one entry per step");
  }

  @Test
  void selectionIsNotACurveMark() {
    assertThatThrownBy(() -> new JobProgress.Mark(0, 4, TraceEvent.SELECTED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            WireSchemas.validate(
                "job-progress",
                "{\"job_id\": \"j-0123456789\", \"tenant\": \"acme\", \"step\": 1,"
                    + " \"total_steps\": 4, \"live_trajectories\": 1, \"visual_tokens\": 1, \"curve\": {\"steps\": [0], \"theta\": [null],"
                    + " \"trajectories\": [], \"marks\": [{\"trajectory\": 0, \"step\": 0, \"event\": \"selected\"}]}}"))
        .isNotEmpty();
  }
}
