package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class EventStreamTest {

  @TestHTTPResource("/")
  URI base;

  @Test
  void streamDeliversStatusThenProgressPrunedAndCompletedThenEnds() throws Exception {
    String jobId =
        submitted(TestTenant.ACME, "{\"prompt\": \"a red circle left of a blue square\"}");
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/events"))
            .header("Authorization", TestTenant.ACME.bearer())
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        client.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> response.body().map(EventStreamTest::normalize).forEach(lines::add));

    await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event:status"));
    try (TestWorker worker = new TestWorker()) {
      worker.started(jobId, "acme");
      worker.progress(jobId, "acme", 8);
      worker.pruned(jobId, "acme", 0, 9);
      worker.progress(jobId, "acme", 32);
      worker.completed(jobId, "acme");
    }
    reader.get(20, TimeUnit.SECONDS); // the server ends the stream after the terminal event

    List<String> events =
        lines.stream().filter(l -> l.startsWith("event:")).map(l -> l.substring(6)).toList();
    assertThat(events)
        .containsExactly("status", "started", "progress", "pruned", "progress", "completed");
    assertThat(lines).contains("id:" + jobId + "/completed", "id:" + jobId + "/progress/8");
    String completedData = lines.get(lines.indexOf("event:completed") + 1);
    assertThat(lines.stream().filter(l -> l.startsWith("data:") && l.contains("image.png")).count())
        .isEqualTo(1);
    assertThat(String.join("\n", lines)).contains("\"status\":\"queued\"");
    assertThat(completedData).isNotNull();
  }

  /** SSE allows one optional space after the colon; compare without it. */
  private static String normalize(String line) {
    return line.replaceFirst("^(event|id|data): ", "$1:");
  }

  @Test
  void aFinishedJobStreamsItsStatusAndEnds() throws Exception {
    String jobId = submitted(TestTenant.ACME, "{\"prompt\": \"a red circle\"}");
    try (TestWorker worker = new TestWorker()) {
      worker.failed(jobId, "acme");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "failed".equals(Api.status(TestTenant.ACME, jobId)));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/events"))
                    .header("Authorization", TestTenant.ACME.bearer())
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.body().replace("event: ", "event:"))
        .contains("event:status")
        .contains("\"status\":\"failed\"");
  }
}
