package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingar.gateway.fleet.FleetView;
import dev.scalingar.gateway.kafka.ViewFeed;
import dev.scalingar.gateway.view.JobStatus;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.gateway.view.Resume;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.KafkaConnection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An SSE client that went away (its connection broke, the gateway restarted) reconnects with {@code
 * Last-Event-ID} and gets exactly the events it missed, then the live ones: nothing twice, nothing
 * lost, against the real broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class EventStreamResumeTest {

  @TestHTTPResource("/")
  URI base;

  @Inject JobView view;

  @Test
  void aReconnectWithLastEventIdGetsExactlyWhatItMissedThenLiveEvents() throws Exception {
    String job = submitted(TestTenant.ACME, "{\"prompt\": \"a red circle left of a blue square\"}");
    try (TestWorker worker = new TestWorker()) {
      List<String> before;
      try (SseStream first = SseStream.open(base, TestTenant.ACME, job, Optional.empty())) {
        first.awaitEvent("status");
        worker.started(job, "acme");
        worker.progress(job, "acme", 8);
        first.awaitId(job + "/progress/8");
        before = first.ids();
      } // the client goes away
      assertThat(before).containsExactly(job + "/started/1", job + "/progress/8");

      // what happens while it is away
      worker.pruned(job, "acme", 0, 9);
      worker.progress(job, "acme", 16);
      worker.pruned(job, "acme", 1, 20);
      await().atMost(Duration.ofSeconds(20)).until(() -> view.knows(job, job + "/pruned/1"));

      try (SseStream again =
          SseStream.open(base, TestTenant.ACME, job, Optional.of(job + "/progress/8"))) {
        again.awaitId(job + "/pruned/1");
        worker.progress(job, "acme", 32);
        worker.completed(job, "acme");
        again.awaitEnd(); // the server still ends the stream after the terminal event

        assertThat(again.events()).extracting(SseStream.Event::name).doesNotContain("status");
        assertThat(again.ids())
            .containsExactly(
                job + "/pruned/0",
                job + "/progress/16",
                job + "/pruned/1",
                job + "/progress/32",
                job + "/completed");
        List<String> all = new ArrayList<>(before);
        all.addAll(again.ids());
        assertThat(all).doesNotHaveDuplicates().hasSize(7);
        assertThat(again.events().get(0).data()).contains("\"trajectory\":0");
      }
    }
  }

  @Test
  void aFinishedJobResumesWithWhatCameAfterTheIdAndTheTerminalIdIs204() throws Exception {
    String job;
    try (TestWorker worker = new TestWorker()) {
      job = startedToStep8(worker, "a blue circle");
      worker.failed(job, "acme");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "failed".equals(Api.status(TestTenant.ACME, job)));

    try (SseStream resumed =
        SseStream.open(base, TestTenant.ACME, job, Optional.of(job + "/started/1"))) {
      resumed.awaitEnd();
      assertThat(resumed.ids()).containsExactly(job + "/progress/8", job + "/failed");
      assertThat(resumed.events()).extracting(SseStream.Event::name).doesNotContain("status");
    }
    // the client has the last event there will ever be: 204 tells EventSource to stop
    HttpResponse<InputStream> done =
        SseStream.request(base, TestTenant.ACME, job, Optional.of(job + "/failed"));
    assertThat(done.statusCode()).isEqualTo(204);
    assertThat(done.body().readAllBytes()).isEmpty();
  }

  @Test
  void anUnknownOrForeignIdStartsAfreshWithTheStatus() throws Exception {
    String other = submitted(TestTenant.ACME, "{\"prompt\": \"a green circle\"}");
    String job = submitted(TestTenant.ACME, "{\"prompt\": \"a green square\"}");
    try (TestWorker worker = new TestWorker()) {
      worker.started(other, "acme");
      await().atMost(Duration.ofSeconds(20)).until(() -> view.knows(other, other + "/started/1"));
      for (String id : List.of(other + "/started/1", job + "/progress/999", "garbage")) {
        try (SseStream s = SseStream.open(base, TestTenant.ACME, job, Optional.of(id))) {
          s.awaitEvent("status");
          assertThat(s.events().get(0).name()).isEqualTo("status");
          assertThat(s.events().get(0).data()).contains("\"status\":\"queued\"");
        }
      }
      try (SseStream s =
          SseStream.open(base, TestTenant.ACME, job, Optional.of(other + "/started/1"))) {
        s.awaitEvent("status");
        worker.started(job, "acme"); // and then live, as any stream
        s.awaitId(job + "/started/1");
        assertThat(s.ids()).containsExactly(job + "/started/1");
      }
    }
  }

  /**
   * A gateway restart rebuilds the view from offset 0 of the topics: a fresh view fed from them
   * resumes a stream after the same id with the same events, in the same order, as the running
   * gateway's view. (The HTTP stream on top is the same code, tested above.)
   */
  @Test
  void aViewRebuiltFromTheTopicsResumesTheSameWay() throws Exception {
    String job;
    try (TestWorker worker = new TestWorker()) {
      job = startedToStep8(worker, "a red square");
      worker.pruned(job, "acme", 2, 10);
      worker.progress(job, "acme", 16);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> view.knows(job, job + "/progress/16"));
    List<String> expected = List.of(job + "/pruned/2", job + "/progress/16");
    assertThat(missedAfter(view, job, job + "/progress/8")).containsExactlyElementsOf(expected);

    JobView rebuilt = new JobView();
    try (ViewFeed feed =
        new ViewFeed(
                KafkaConnection.plaintext(KafkaTestResource.kafka.bootstrapServers()),
                rebuilt,
                new FleetView(3, Duration.ofMinutes(1)),
                List.of(JobSpec.DEFAULT_MODEL))
            .start()) {
      await().atMost(Duration.ofSeconds(30)).until(rebuilt::caughtUp);
      assertThat(missedAfter(rebuilt, job, job + "/progress/8"))
          .containsExactlyElementsOf(expected);
      assertThat(missedAfter(rebuilt, job, job + "/started/1"))
          .containsExactly(job + "/progress/8", job + "/pruned/2", job + "/progress/16");
      assertThat(rebuilt.get(job).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }
  }

  private static List<String> missedAfter(JobView v, String job, String lastEventId) {
    return Resume.idsAfter(v, "acme", job, lastEventId).orElseThrow();
  }

  /** A job of acme's that a worker started and took to step 8. */
  private static String startedToStep8(TestWorker worker, String prompt) {
    String job = submitted(TestTenant.ACME, "{\"prompt\": \"" + prompt + "\"}");
    worker.started(job, "acme");
    worker.progress(job, "acme", 8);
    return job;
  }
}
