package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.schemas.events.JobAccepted;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import dev.scalingar.schemas.trace.Trace;
import dev.scalingar.schemas.trace.TraceEvent;
import dev.scalingar.schemas.trace.TraceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Records built in Java encode to valid documents and decode back to equal records. */
class RecordRoundTripTest {

  static final String JOB = "j-0123456789";

  static List<Object> samples() {
    var keys = JobCompleted.ObjectKeys.forJob(JOB);
    return List.of(
        JobSpec.of("a purple circle"),
        new JobRequest(
            JOB,
            "acme",
            Instant.parse("2026-11-24T12:00:00Z"),
            JobSpec.of("two circles").withSeed(9)),
        new CancelCommand(JOB, "acme", Optional.of("changed my mind")),
        new JobAccepted(
            JOB,
            "acme",
            StrategyName.SCALINGAR,
            8,
            "shapes-v1",
            java.util.Map.of("team", "a"),
            Optional.of("two circles")),
        new JobAccepted(JOB, "acme", StrategyName.BON, 4, "shapes-v1", null, Optional.empty()),
        new JobStarted(JOB, "acme", "worker-1", 2, 8, 256),
        new JobProgress(
            JOB,
            "acme",
            64,
            256,
            6,
            480,
            OptionalDouble.of(0.6),
            Optional.of(new JobProgress.ConfidenceSummary(0.5, 0.62, 0.7))),
        new JobProgress(JOB, "acme", 8, 256, 8, 64, OptionalDouble.empty(), Optional.empty()),
        new JobProgress(
            JOB,
            "acme",
            18,
            256,
            2,
            40,
            OptionalDouble.of(0.5),
            Optional.empty(),
            Optional.of(
                new JobProgress.Curve(
                    List.of(16, 17),
                    java.util.Arrays.asList(null, 0.5),
                    List.of(
                        new JobProgress.Series(0, List.of(0.6, 0.61)),
                        new JobProgress.Series(1, java.util.Arrays.asList(0.4, null))),
                    List.of(new JobProgress.Mark(1, 17, TraceEvent.TERMINATED))))),
        new WorkerHeartbeat("worker-1", 5000, 32, 8, 8, 1, 0, 0, 1920, false),
        new TrajectoryPruned(
            JOB,
            "acme",
            4,
            70,
            TrajectoryPruned.Reason.BUDGET,
            OptionalDouble.of(0.4),
            OptionalDouble.empty()),
        new JobCompleted(
            JOB,
            "acme",
            "scalingar",
            keys,
            keys,
            Instant.parse("2026-11-25T00:00:00Z"),
            3,
            OptionalDouble.of(0.71),
            7,
            new JobCompleted.Tokens(600, 1200, 2048),
            new JobCompleted.Timings(5, 900, 40)),
        new JobFailed(
            JOB, "acme", JobFailed.Reason.STORAGE_ERROR, "S3 unreachable after 5 attempts", true),
        new JobCancelled(JOB, "acme", OptionalInt.empty(), 0),
        new Trace(
            JOB,
            "bon",
            1,
            new Trace.Grid(16, 16),
            OptionalInt.of(0),
            List.of(
                new TraceRecord(
                    0,
                    0,
                    5,
                    0.2,
                    0.5,
                    0.35,
                    0.65,
                    null,
                    null,
                    null,
                    0.9,
                    null,
                    null,
                    null,
                    null,
                    null,
                    4.0,
                    TraceEvent.SELECTED))));
  }

  @Test
  void everyRecordRoundTrips() {
    for (Object sample : samples()) {
      String schema = schemaOf(sample);
      byte[] json = WireCodec.encode(schema, sample);
      assertThat(
              WireSchemas.validate(
                  schema, new String(json, java.nio.charset.StandardCharsets.UTF_8)))
          .as(schema)
          .isEmpty();
      assertThat(WireCodec.decode(schema, json, sample.getClass())).as(schema).isEqualTo(sample);
    }
  }

  @Test
  void aFailureWithoutAMessageIsStillSchemaValid() {
    // An exception without a message (TimeoutException) once made the worker build a job-failed it
    // could not publish ("/message: null found, string expected").
    for (String none : java.util.Arrays.asList(null, "", "  ")) {
      JobFailed failed = new JobFailed(JOB, "acme", JobFailed.Reason.BROKER_ERROR, none, true);
      assertThat(failed.message()).isEqualTo("no detail given (broker_error)");
      byte[] json = WireCodec.encode("job-failed", failed);
      assertThat(
              WireSchemas.validate(
                  "job-failed", new String(json, java.nio.charset.StandardCharsets.UTF_8)))
          .isEmpty();
    }
    assertThat(new JobFailed(JOB, "acme", JobFailed.Reason.INTERNAL, "kept", false).message())
        .isEqualTo("kept");
  }

  @Test
  void specDefaultsAreTheSchemaDefaults() {
    JobSpec spec = WireCodec.decodeSpec("{\"prompt\": \"a square\"}".getBytes());
    assertThat(spec.n()).isEqualTo(JobSpec.DEFAULT_N);
    assertThat(spec.strategy()).isEqualTo(StrategyName.SCALINGAR);
    assertThat(spec.model()).isEqualTo("shapes-v2");
    assertThat(spec.temperature()).isEqualTo(1.0);
    assertThat(spec.topP()).isEqualTo(1.0);
    assertThat(spec.seed()).isEmpty();
    assertThat(spec).isEqualTo(JobSpec.of("a square"));
  }

  @Test
  void terminalEventsAreKnown() {
    assertThat(samples().stream().filter(s -> s instanceof JobEvent e && e.terminal()).count())
        .isEqualTo(3);
  }

  static String schemaOf(Object sample) {
    if (sample instanceof JobSpec) {
      return "job-spec";
    }
    if (sample instanceof Trace) {
      return "trace";
    }
    return EventType.of(sample).schema();
  }
}
