package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.ScriptedModel;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import dev.scalingar.testing.TestS3;
import dev.scalingar.worker.kafka.DeadLetters;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The failure classes (issue 21) with the real broker and S3: a transient model error is a new
 * attempt, not a failure; a record that kept ending its workers is dead-lettered instead of run a
 * fourth time. (The NaN poison step is {@code WorkerRuntimeTest}'s, the storage outage {@code
 * StorageOutageTest}'s, the broker restart {@code BrokerRestartTest}'s.)
 */
@RealInfra
class FailureClassesTest {

  @Test
  void aModelCallThatThrowsOnceRunsTheJobAgainAsAttemptTwoAndItCompletes(TestKafka kafka, TestS3 s3)
      throws Exception {
    WorkerRuntimeTest.Setup s = WorkerRuntimeTest.Setup.of(kafka, s3, 2);
    AtomicBoolean thrown = new AtomicBoolean();
    ScriptedModel.Script peaked = ScriptedModel.peakedExcept();
    ScriptedModel model =
        new ScriptedModel(
            2,
            8,
            16,
            (slot, prompt, pos, v) -> {
              if (pos == 5 && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("device error (scripted, once)");
              }
              return peaked.logits(slot, prompt, pos, v);
            });
    s.submit("j-flaky-00001", "base", 1);
    WorkerRuntime runtime = new WorkerRuntime(s.config(), model);
    CompletableFuture<Void> loop = CompletableFuture.runAsync(runtime::run);
    try {
      List<CloudEvent> events = s.events(WorkerRuntimeTest.terminal(1));
      assertThat(WorkerRuntimeTest.count(events, EventType.JOB_FAILED)).isZero();
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .map(CloudEvent::getSubject))
          .containsExactly("j-flaky-00001");
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_STARTED.type()))
                  .map(e -> WireEvents.data(e, JobStarted.class).attempt()))
          .containsExactly(1, 2);
      assertThat(thrown).isTrue();
    } finally {
      runtime.drain();
      loop.join();
      runtime.close();
    }
  }

  @Test
  void aRecordThatKeptEndingItsWorkersIsDeadLetteredNotRunAgain(TestKafka kafka, TestS3 s3)
      throws Exception {
    WorkerRuntimeTest.Setup base = WorkerRuntimeTest.Setup.of(kafka, s3, 2);
    Map<String, String> env = new HashMap<>(base.env());
    String jobs =
        kafka.topic("jobs-one", 1); // one partition: the job is offset 0, the next one offset 1
    env.put("SCALINGAR_JOBS_TOPIC", jobs);
    WorkerRuntimeTest.Setup s =
        new WorkerRuntimeTest.Setup(kafka, s3, Map.copyOf(env), WorkerConfig.from(env));
    s.submit("j-killer-0001", "base", 1);
    s.submit("j-next-000001", "base", 1);
    // What three workers that died running offset 0 left in the group (AttemptLedger's metadata).
    Map<String, Object> c = kafka.consumerConfig("unused");
    c.put("group.id", s.config().consumerGroup());
    try (KafkaConsumer<String, byte[]> group =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      group.commitSync(
          Map.of(new TopicPartition(jobs, 0), new OffsetAndMetadata(0, "attempts:0=3")));
    }
    WorkerRuntimeTest.RunningWorker w = new WorkerRuntimeTest.RunningWorker(s.config(), 2);
    try {
      List<CloudEvent> events = s.events(WorkerRuntimeTest.terminal(2));
      JobFailed failed =
          events.stream()
              .filter(e -> e.getType().equals(EventType.JOB_FAILED.type()))
              .map(e -> WireEvents.data(e, JobFailed.class))
              .findFirst()
              .orElseThrow();
      assertThat(failed.jobId()).isEqualTo("j-killer-0001");
      assertThat(failed.reason()).isEqualTo(JobFailed.Reason.INTERNAL);
      assertThat(failed.message()).startsWith("gave up after 3 of 3 attempts");
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_STARTED.type()))
                  .map(CloudEvent::getSubject))
          .as("never started a fourth time")
          .containsExactly("j-next-000001");
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .map(CloudEvent::getSubject))
          .containsExactly("j-next-000001");
      var dead = kafka.read(s.config().dlqTopic(), 1, WorkerRuntimeTest.WAIT);
      assertThat(dead)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo("j-killer-0001");
                assertThat(
                        new String(
                            r.headers().lastHeader(DeadLetters.REASON).value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("internal");
              });
    } finally {
      w.stop();
    }
  }
}
