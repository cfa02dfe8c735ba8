package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.ScriptedModel;
import dev.scalingar.infra.EmbeddedS3;
import dev.scalingar.infra.Loopback;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import dev.scalingar.testing.TestS3;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage goes away under a running worker and comes back (issue 21: S3 stopped ~30 s failed 4 of 9
 * jobs, because uploads gave up after about 8 s). A real S3 server of its own, on disk so the same
 * bucket is there when it starts again on the same port; the broker is the JVM's shared one.
 */
@RealInfra
class StorageOutageTest {

  @Test
  void jobsFinishedWhileStorageIsDownCompleteWhenItReturnsAndNoneFails(
      TestKafka kafka, TestS3 shared, @TempDir Path dir) throws Exception {
    int port = Loopback.freePort();
    EmbeddedS3 s3 = EmbeddedS3.onDisk(dir, port);
    WorkerRuntime runtime = null;
    CompletableFuture<Void> loop = null;
    try {
      Map<String, String> env = new HashMap<>(WorkerRuntimeTest.Setup.of(kafka, shared, 4).env());
      env.put("S3_ENDPOINT", s3.endpoint());
      env.put("S3_BUCKET", "outage");
      env.put("S3_BACKOFF_MS", "50");
      WorkerRuntimeTest.Setup s =
          new WorkerRuntimeTest.Setup(kafka, shared, Map.copyOf(env), WorkerConfig.from(env));
      // Every job holds at position 5 until storage is down, so each of them reaches its upload
      // during the outage.
      CountDownLatch storageDown = new CountDownLatch(1);
      ScriptedModel.Script peaked = ScriptedModel.peakedExcept(3);
      runtime =
          new WorkerRuntime(
              s.config(),
              new ScriptedModel(
                  4,
                  8,
                  16,
                  (slot, prompt, pos, v) -> {
                    if (pos == 5) {
                      await(storageDown);
                    }
                    return peaked.logits(slot, prompt, pos, v);
                  }));
      WorkerRuntime worker = runtime;
      loop = CompletableFuture.runAsync(runtime::run);
      List<String> jobs = IntStream.range(0, 6).mapToObj(i -> "j-outage-" + i).toList();
      for (String job : jobs.subList(0, 4)) {
        s.submit(job, "bon", 2);
      }
      s.events(es -> WorkerRuntimeTest.count(es, EventType.JOB_STARTED) >= 1);
      s3.close();
      storageDown.countDown();
      // The uploads meet a dead endpoint: the worker says not-ready and stops taking jobs.
      waitFor(
          () -> !worker.ready() && worker.intakePaused(),
          "the worker to notice storage is down and pause intake");
      assertThat(worker.live()).isTrue();
      for (String job : jobs.subList(4, 6)) {
        s.submit(job, "bon", 2); // they wait in Kafka meanwhile
      }
      // Down long enough that the old uploads (6 attempts per object, then storage_error) would
      // have
      // given up: with two artefact threads retrying, 16 failed calls put one of them past 8
      // attempts.
      waitFor(
          () -> worker.storageHealth().unavailableCalls() >= 16,
          "the uploads to retry past where they once gave up");
      assertThat(worker.ready()).isFalse();
      s3 = EmbeddedS3.onDisk(dir, port);
      List<CloudEvent> events =
          s.events(
              es ->
                  es.stream()
                          .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                          .map(CloudEvent::getSubject)
                          .distinct()
                          .count()
                      == jobs.size());
      assertThat(WorkerRuntimeTest.count(events, EventType.JOB_FAILED))
          .as("no job failed because storage blinked")
          .isZero();
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .map(CloudEvent::getSubject))
          .containsExactlyInAnyOrderElementsOf(jobs);
      waitFor(worker::ready, "the worker to be ready again");
      // the objects really are in the restarted server
      JobCompleted one =
          WireEvents.data(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .findFirst()
                  .orElseThrow(),
              JobCompleted.class);
      assertThat(WorkerRuntimeTest.get(one.urls().manifest())).isNotEmpty();
    } finally {
      if (runtime != null) {
        runtime.drain();
        loop.join();
        runtime.close();
      }
      s3.close();
    }
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls {@code condition} until it holds; fails after a minute (a bound, not a measurement). */
  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
