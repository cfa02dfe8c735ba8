package dev.scalingar.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway and a real worker together, through the same {@link Stack} {@code ./scalingar demo}
 * starts: Kafka, the S3 server, the gateway's packaged jar and a worker serving the shipped {@code
 * shapes-v1} model, all as local processes on free loopback ports with data and logs under {@code
 * target/stack-e2e-*}, so a running demo or {@code ./scalingar up} is not disturbed. The test is
 * the client, over HTTP with the API key, as in the README.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StackEndToEndTest {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Generous: a job of N = 2 takes a few seconds on CPU; CI machines can be much slower. */
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static StackState stack;
  private static Thread cleanup;

  @BeforeAll
  static void startStack() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "stack-e2e-");
    int[] free = freePorts(4);
    Stack.Ports ports = new Stack.Ports(free[0], free[1], free[2], free[3]);
    long t0 = System.nanoTime();
    stack = Stack.start(dir, ports, gatewayJar(), step -> log(t0, "%s", step));
    log(t0, "stack up: gateway %s, logs under %s", stack.gatewayUrl(), stack.logs());
    // Should the forked test JVM be stopped before @AfterAll runs, the four processes go with it.
    cleanup = new Thread(() -> Stack.stop(stack.pids()), "stack-e2e-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  @AfterAll
  static void stopStack() {
    if (stack == null) {
      return; // Stack.start stops what it started when it fails
    }
    long t0 = System.nanoTime();
    Stack.stop(stack.pids());
    log(t0, "stack stopped");
    Runtime.getRuntime().removeShutdownHook(cleanup);
    assertThat(stack.alive())
        .as("stack processes still running after stop")
        .doesNotContainValue(true);
  }

  @Test
  void aJobRunsThroughTheGatewayAndARealWorker() throws Exception {
    ObjectNode spec = JobRunner.spec("a red circle above a blue square", 2, "scalingar", 7L);
    String key = UUID.randomUUID().toString();
    long t0 = System.nanoTime();

    HttpResponse<String> submitted = submit(spec.toString(), key);
    assertThat(submitted.statusCode()).as("POST /v1/jobs: %s", submitted.body()).isEqualTo(202);
    String jobId = json(submitted).path("job_id").asText();
    assertThat(jobId).isNotBlank();
    assertThat(submitted.headers().firstValue("Location")).hasValue("/v1/jobs/" + jobId);

    // Follow the job's Server-Sent Events; the stream ends after the terminal event.
    JobClient client = new JobClient(stack.gatewayUrl(), stack.apiKey());
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> followed =
        CompletableFuture.runAsync(
            () -> {
              try {
                client.follow(jobId, (event, data) -> events.add(event));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });

    // The same key and body while the job is queued or running: the same job, marked as a replay.
    HttpResponse<String> again = submit(spec.toString(), key);
    assertThat(again.statusCode()).as("resubmission: %s", again.body()).isEqualTo(202);
    assertThat(json(again).path("job_id").asText()).isEqualTo(jobId);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");

    try {
      followed.get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fail("no terminal event within %s; events so far %s%n%s", JOB_TIMEOUT, events, logTails());
    }
    log(t0, "terminal event after %s", events);
    assertThat(events)
        .as("SSE events (%s)", logTails())
        .contains("progress")
        .last()
        .isEqualTo("completed");
    assertThat(events.indexOf("progress")).isLessThan(events.indexOf("completed"));

    JsonNode job = awaitStatus(jobId, "completed");
    log(t0, "GET /v1/jobs/%s: completed", jobId);
    JsonNode result = job.path("result");
    for (String url : List.of("image_url", "trace_url", "confidence_plot_url", "candidates_url")) {
      assertThat(result.path(url).asText()).as(url).startsWith("http://");
    }
    HttpResponse<byte[]> image =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(result.path("image_url").asText()))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.body().length).isGreaterThan(PNG_MAGIC.length);
    assertThat(Arrays.copyOf(image.body(), PNG_MAGIC.length))
        .as("PNG signature")
        .isEqualTo(PNG_MAGIC);

    // After completion too: the same job, now reported as completed.
    HttpResponse<String> replay = submit(spec.toString(), key);
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(json(replay).path("job_id").asText()).isEqualTo(jobId);
    assertThat(json(replay).path("status").asText()).isEqualTo("completed");
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");

    // The same key with another body is a conflict, not a new job.
    HttpResponse<String> conflict =
        submit(JobRunner.spec("three squares", 2, "scalingar", 7L).toString(), key);
    assertProblem(conflict, 422);
  }

  @Test
  void badRequestsAreProblemJson() throws Exception {
    assertProblem(
        submit(JobRunner.spec("three squares", 0, "scalingar", null).toString(), null), 422);
    assertProblem(
        submit(JobRunner.spec("three squares", 2, "no-such-strategy", null).toString(), null), 422);
    assertProblem(submit("{\"prompt\": ", null), 400);
    HttpResponse<String> noKey =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"three squares\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(noKey, 401);
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(r);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("type").asText()).isNotBlank();
    assertThat(problem.path("title").asText()).isNotBlank();
  }

  private static HttpResponse<String> submit(String body, String idempotencyKey)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + stack.apiKey())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * GET /v1/jobs/{id} until it has {@code status} (the view may trail the event stream a little).
   */
  private static JsonNode awaitStatus(String jobId, String status) throws Exception {
    JobClient client = new JobClient(stack.gatewayUrl(), stack.apiKey());
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    JsonNode job = client.get(jobId);
    while (!job.path("status").asText().equals(status)) {
      if (System.nanoTime() > deadline) {
        fail(
            "job %s is %s, not %s, after %s%n%s",
            jobId, job.path("status").asText(), status, JOB_TIMEOUT, logTails());
      }
      Thread.sleep(200);
      job = client.get(jobId);
    }
    return job;
  }

  /**
   * Timings in the test's output, for when a slow CI machine needs looking into (nothing asserts on
   * them).
   */
  private static void log(long t0, String format, Object... args) {
    System.out.printf(
        "[stack-e2e] %5.1f s  %s%n", (System.nanoTime() - t0) / 1e9, String.format(format, args));
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return StackState.JSON.readTree(r.body());
  }

  /** The last lines of the gateway's and the worker's logs, for a failure message. */
  private static String logTails() {
    StringBuilder out = new StringBuilder("logs under " + stack.logs());
    for (String name : List.of("gateway", "worker")) {
      Path log = Path.of(stack.logs()).resolve(name + ".log");
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        out.append("\n--- ")
            .append(name)
            .append(".log (tail) ---\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
      } catch (IOException e) {
        out.append("\n(").append(log).append(": ").append(e.getMessage()).append(')');
      }
    }
    return out.toString();
  }

  /** The gateway's packaged jar, found from the module directory the tests run in (cli/). */
  private static Path gatewayJar() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path jar = d.resolve(Path.of("api-gateway", "target", "quarkus-app", "quarkus-run.jar"));
      if (Files.isDirectory(d.resolve("api-gateway"))) {
        return jar; // Stack.start says how to build it when it is missing
      }
    }
    throw new IllegalStateException("no api-gateway module above " + Path.of("").toAbsolutePath());
  }

  /** Free loopback ports, all held open together so none is handed out twice. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
