package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.ScriptedModel;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import dev.scalingar.testing.TestS3;
import io.cloudevents.CloudEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Encoding and uploads are off the loop thread (issue 21, part 4): one job's artefacts held by a
 * latch do not stall another job's steps, and the held job's offset is not committed past while it
 * is held, though a later job of the same partition completed.
 */
@RealInfra
class SlowArtifactsTest {

  @Test
  void aHeldUploadDoesNotStallTheStepsOfOtherJobsNorLetTheCommitPassIt(TestKafka kafka, TestS3 s3)
      throws Exception {
    Map<String, String> env = new HashMap<>(WorkerRuntimeTest.Setup.of(kafka, s3, 4).env());
    String jobs =
        kafka.topic("jobs-one", 1); // one partition: the held job is offset 0, the other offset 1
    env.put("SCALINGAR_JOBS_TOPIC", jobs);
    env.put("SCALINGAR_PROGRESS_EVERY", "1"); // an event for every step, so the steps can be seen
    env.put("SCALINGAR_PROGRESS_MAX_PER_SECOND", "100000");
    WorkerRuntimeTest.Setup s =
        new WorkerRuntimeTest.Setup(kafka, s3, Map.copyOf(env), WorkerConfig.from(env));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WorkerRuntime runtime =
        new WorkerRuntime(
            s.config(),
            List.of(
                new ServedModel(
                    dev.scalingar.schemas.JobSpec.DEFAULT_MODEL,
                    new ScriptedModel(4, 8, 16, ScriptedModel.peakedExcept()),
                    ServedSampler.PAPER)),
            jobId -> {
              if (jobId.equals("j-held-000001")) {
                held.countDown();
                StorageOutageTest.await(release);
              }
            });
    CompletableFuture<Void> loop = CompletableFuture.runAsync(runtime::run);
    try {
      s.submit("j-held-000001", "base", 1);
      StorageOutageTest.await(held);
      assertThat(held.getCount()).as("the first job's artefacts are held").isZero();
      s.submit("j-free-000001", "base", 1);
      List<CloudEvent> events =
          s.events(
              es ->
                  es.stream()
                      .anyMatch(
                          e ->
                              e.getType().equals(EventType.JOB_COMPLETED.type())
                                  && e.getSubject().equals("j-free-000001")));
      // The second job ran every one of its 64 steps, and was stored, while the first one's upload
      // was held.
      assertThat(
              events.stream()
                  .filter(
                      e ->
                          e.getType().equals(EventType.JOB_PROGRESS.type())
                              && e.getSubject().equals("j-free-000001"))
                  .map(e -> WireEvents.data(e, JobProgress.class).step()))
          .hasSizeGreaterThan(32)
          .isSorted();
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .map(CloudEvent::getSubject))
          .containsExactly("j-free-000001");
      // Completed, but its offset (1) is not committed: the held job (0) before it is not finished.
      TopicPartition tp = new TopicPartition(jobs, 0);
      assertThat(committed(kafka, s.config().consumerGroup(), tp)).isEqualTo(0);
      release.countDown();
      s.events(
          es ->
              es.stream()
                  .anyMatch(
                      e ->
                          e.getType().equals(EventType.JOB_COMPLETED.type())
                              && e.getSubject().equals("j-held-000001")));
      StorageOutageTest.waitFor(
          () -> committed(kafka, s.config().consumerGroup(), tp) == 2,
          "both jobs' offsets committed");
    } finally {
      release.countDown();
      runtime.drain();
      loop.join();
      runtime.close();
    }
  }

  /** The group's committed position of {@code tp}, -1 when none. */
  static long committed(TestKafka kafka, String group, TopicPartition tp) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      OffsetAndMetadata om =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
      return om == null ? -1 : om.offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
