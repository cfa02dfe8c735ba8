package dev.scalingar.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobFailed;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class IntakeTest {

  final Intake intake = new Intake(Set.of(JobSpec.DEFAULT_MODEL));

  static ConsumerRecord<String, byte[]> record(String key, CloudEvent event) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value;
    try (CloudEventSerializer s = new CloudEventSerializer()) {
      s.configure(java.util.Map.of(), false);
      value = s.serialize(Topics.jobs(JobSpec.DEFAULT_MODEL), headers, event);
    }
    return new ConsumerRecord<>(
        Topics.jobs(JobSpec.DEFAULT_MODEL),
        0,
        7L,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        key,
        value,
        headers,
        java.util.Optional.empty());
  }

  static CloudEvent requestEvent(JobSpec spec) {
    return WireEvents.envelope(
        "j-12345678/requested",
        URI.create("/test"),
        new JobRequest("j-12345678", "acme", Instant.parse("2026-11-24T12:00:00Z"), spec));
  }

  @Test
  void aValidJobIsAccepted() {
    var outcome = intake.read(record("j-12345678", requestEvent(JobSpec.of("a red square"))));
    assertThat(outcome)
        .isInstanceOfSatisfying(
            Intake.Job.class,
            j -> assertThat(j.request().spec().prompt()).isEqualTo("a red square"));
  }

  @Test
  void garbageIsAnInvalidRequest() {
    var r =
        new ConsumerRecord<String, byte[]>(
            Topics.jobs(JobSpec.DEFAULT_MODEL),
            0,
            1L,
            "j-12345678",
            "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(intake.read(r))
        .isInstanceOfSatisfying(
            Intake.Poison.class,
            p -> {
              assertThat(p.reason()).isEqualTo(JobFailed.Reason.INVALID_REQUEST);
              assertThat(p.detail()).contains("not a CloudEvent");
              assertThat(p.jobId()).hasValue("j-12345678");
            });
  }

  @Test
  void dataThatBreaksTheSchemaNamesTheField() {
    CloudEvent bad =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/t"))
            .withType(EventType.JOB_REQUESTED.type())
            .withExtension(WireEvents.TENANT_EXTENSION, "acme")
            .withData(
                "{\"job_id\": \"j-12345678\", \"tenant\": \"acme\", \"submitted_at\": \"2026-11-24T12:00:00Z\", \"spec\": {\"prompt\": \"a square\", \"n\": 0}}"
                    .getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(intake.read(record("j-12345678", bad)))
        .isInstanceOfSatisfying(
            Intake.Poison.class,
            p -> {
              assertThat(p.reason()).isEqualTo(JobFailed.Reason.INVALID_REQUEST);
              assertThat(p.detail()).contains("/spec/n");
              assertThat(p.tenant()).hasValue("acme");
            });
  }

  @Test
  void anUnknownStrategyIsNamedAsSuch() {
    CloudEvent bad =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/t"))
            .withType(EventType.JOB_REQUESTED.type())
            .withData(
                "{\"job_id\": \"j-12345678\", \"tenant\": \"acme\", \"submitted_at\": \"2026-11-24T12:00:00Z\", \"spec\": {\"prompt\": \"a square\", \"strategy\": \"beam\"}}"
                    .getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(intake.read(record("j-12345678", bad)))
        .isInstanceOfSatisfying(
            Intake.Poison.class,
            p -> assertThat(p.reason()).isEqualTo(JobFailed.Reason.UNKNOWN_STRATEGY));
  }

  @Test
  void anUnknownModelIsRefusedWithWhatIsServed() {
    JobSpec spec =
        JobSpec.create(
            "a square", null, null, null, "llamagen-xl", null, null, null, null, null, null, null);
    assertThat(intake.read(record("j-12345678", requestEvent(spec))))
        .isInstanceOfSatisfying(
            Intake.Poison.class,
            p -> {
              assertThat(p.reason()).isEqualTo(JobFailed.Reason.UNKNOWN_MODEL);
              assertThat(p.detail())
                  .contains("llamagen-xl")
                  .contains("serves: " + JobSpec.DEFAULT_MODEL);
            });
  }

  @Test
  void anotherEventTypeOnTheJobsTopicIsRefused() {
    CloudEvent other =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/t"))
            .withType("dev.scalingar.job.cancel")
            .withData("{}".getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(intake.read(record("j-12345678", other)))
        .isInstanceOfSatisfying(
            Intake.Poison.class,
            p ->
                assertThat(p.detail()).contains("expected event type dev.scalingar.job.requested"));
  }
}
