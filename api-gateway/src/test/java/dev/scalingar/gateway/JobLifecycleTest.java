package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.as;
import static dev.scalingar.gateway.Api.status;
import static dev.scalingar.gateway.Api.submit;
import static dev.scalingar.gateway.Api.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.scalingar.gateway.kafka.TraceContext;
import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.StrategyName;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobAccepted;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class JobLifecycleTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static TestWorker worker;

  @BeforeAll
  static void worker() {
    worker = new TestWorker();
  }

  @AfterAll
  static void close() {
    worker.close();
  }

  @Test
  void acceptedJobIsOnTheJobsTopicAndReachesCompletedWithItsResult() {
    String jobId =
        as(TestTenant.ACME)
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .contentType(ContentType.JSON)
            .body(
                "{\"prompt\": \"a red circle above a blue square\", \"n\": 4, \"strategy\": \"scalingar\", \"seed\": 7}")
            .post("/v1/jobs")
            .then()
            .statusCode(202)
            .header("Location", org.hamcrest.Matchers.containsString("/v1/jobs/job_"))
            .body("status", is("queued"))
            .body("seed", is(7))
            .body("status_url", startsWith("/v1/jobs/job_"))
            .body("events_url", startsWith("/v1/jobs/job_"))
            .extract()
            .path("job_id");

    // the job record: keyed by job id, a valid CloudEvent, the trace carried on with a new span
    ConsumerRecord<String, byte[]> record =
        TestWorker.readAll(Topics.jobs(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL)).stream()
            .filter(r -> jobId.equals(r.key()))
            .findFirst()
            .orElseThrow();
    CloudEvent event = WireEvents.fromKafka(record.topic(), record.headers(), record.value());
    assertThat(event.getId()).isEqualTo(jobId + "/requested");
    assertThat(event.getType()).isEqualTo("dev.scalingar.job.requested");
    assertThat(event.getExtension("tenant")).isEqualTo("acme");
    JobRequest request = WireEvents.data(event, JobRequest.class);
    assertThat(request.jobId()).isEqualTo(jobId);
    assertThat(request.tenant()).isEqualTo("acme");
    assertThat(request.spec().n()).isEqualTo(4);
    assertThat(request.spec().strategy()).isEqualTo(StrategyName.SCALINGAR);
    assertThat(request.spec().seed().getAsLong()).isEqualTo(7);
    String traceparent = TraceContext.traceparentOf(record.headers()).orElseThrow();
    assertThat(traceparent)
        .startsWith("00-" + TRACE_ID + "-")
        .endsWith("-01")
        .doesNotContain("00f067aa0ba902b7");

    // and the accepted event, for the rest of the fleet
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TestWorker.readAll(Topics.EVENTS).stream()
                    .anyMatch(
                        r ->
                            jobId.equals(r.key())
                                && WireEvents.data(
                                        WireEvents.fromKafka(r.topic(), r.headers(), r.value()))
                                    instanceof JobAccepted));

    worker.started(jobId, "acme");
    worker.progress(jobId, "acme", 16);
    worker.pruned(jobId, "acme", 3, 20);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "running".equals(status(TestTenant.ACME, jobId)));
    as(TestTenant.ACME)
        .get("/v1/jobs/" + jobId)
        .then()
        .body("progress.step", is(16))
        .body("progress.total_steps", is(64))
        .body("progress.pruned_trajectories", is(1))
        .body("progress.worker", is("test-worker"))
        .body("tokens.used", is(64));

    worker.completed(jobId, "acme");
    worker.progress(jobId, "acme", 17); // late and out of order: must not reopen the job
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "completed".equals(status(TestTenant.ACME, jobId)));
    as(TestTenant.ACME)
        .get("/v1/jobs/" + jobId)
        .then()
        .statusCode(200)
        .body("status", is("completed"))
        .body("request.prompt", is("a red circle above a blue square"))
        .body(
            "result.image_url",
            startsWith("http://127.0.0.1:19000/scalingar/jobs/" + jobId + "/image.png"))
        .body("result.trace_url", notNullValue())
        .body("result.confidence_plot_url", notNullValue())
        .body("result.objects.image", is("jobs/" + jobId + "/image.png"))
        .body("result.chosen_trajectory", is(2))
        .body("tokens.used", is(160))
        .body("tokens.full_bon", is(256))
        .body("tokens.saved", is(96))
        .body("progress.fraction", is(1.0f));
  }

  @Test
  void gatewayPicksAndReturnsASeedWhenTheRequestHasNone() {
    var response =
        submit(TestTenant.ACME, "{\"prompt\": \"a green triangle\"}")
            .then()
            .statusCode(202)
            .extract();
    long seed = ((Number) response.path("seed")).longValue();
    String jobId = response.path("job_id");
    as(TestTenant.ACME)
        .get("/v1/jobs/" + jobId)
        .then()
        .body("request.seed", equalTo(response.path("seed")))
        .body("request.n", is(8))
        .body("request.strategy", is("scalingar"))
        .body("request.model", is(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL));
    assertThat(seed).isBetween(0L, (1L << 53) - 1);
  }

  @Test
  void aTypedPromptIsKeptAsTypedAndShownInTheGrammarsWords() {
    String typed = "  A photo of the Red Circle to the left of the blue square. ";
    String jobId = submitted(TestTenant.ACME, "{\"prompt\": \"" + typed + "\", \"n\": 2}");
    // read-your-writes: both at once, before the feed has seen anything
    as(TestTenant.ACME)
        .get("/v1/jobs/" + jobId)
        .then()
        .statusCode(200)
        .body("request.prompt", is(typed))
        .body("canonical_prompt", is("a red circle left of a blue square"));

    // the job record keeps the typed prompt; the accepted event carries the canonical one
    JobRequest request =
        TestWorker.readAll(Topics.jobs(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL)).stream()
            .filter(r -> jobId.equals(r.key()))
            .map(TestWorker::request)
            .findFirst()
            .orElseThrow();
    assertThat(request.spec().prompt()).isEqualTo(typed);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TestWorker.readAll(Topics.EVENTS).stream()
                    .filter(r -> jobId.equals(r.key()))
                    .map(
                        r ->
                            WireEvents.data(
                                WireEvents.fromKafka(r.topic(), r.headers(), r.value())))
                    .anyMatch(
                        e ->
                            e instanceof JobAccepted a
                                && a.canonicalPrompt()
                                    .orElse("")
                                    .equals("a red circle left of a blue square")));

    // and the job as the feed folds it, through to completion
    worker.started(jobId, "acme");
    worker.completed(jobId, "acme");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "completed".equals(status(TestTenant.ACME, jobId)));
    as(TestTenant.ACME)
        .get("/v1/jobs/" + jobId)
        .then()
        .body("request.prompt", is(typed))
        .body("canonical_prompt", is("a red circle left of a blue square"));
  }

  @Test
  void listsOwnJobsNewestFirstByStatusWithACursor() {
    String a = submitted(TestTenant.GLOBEX, "{\"prompt\": \"a red circle\"}");
    String b = submitted(TestTenant.GLOBEX, "{\"prompt\": \"a blue circle\"}");
    String c = submitted(TestTenant.GLOBEX, "{\"prompt\": \"a yellow circle\"}");
    worker.started(b, "globex");
    worker.failed(b, "globex");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "failed".equals(status(TestTenant.GLOBEX, b)));
    as(TestTenant.GLOBEX)
        .get("/v1/jobs/" + b)
        .then()
        .body("error.reason", is("storage_error"))
        .body("error.retryable", is(true));

    var first =
        as(TestTenant.GLOBEX)
            .queryParam("limit", 2)
            .get("/v1/jobs")
            .then()
            .statusCode(200)
            .body("jobs.size()", is(2))
            .extract();
    String cursor = first.path("next_cursor");
    List<String> page1 = first.path("jobs.job_id");
    List<String> page2 =
        as(TestTenant.GLOBEX)
            .queryParam("limit", 2)
            .queryParam("cursor", cursor)
            .get("/v1/jobs")
            .then()
            .statusCode(200)
            .extract()
            .path("jobs.job_id");
    List<String> all = new java.util.ArrayList<>(page1);
    all.addAll(page2);
    assertThat(all).contains(a, b, c).doesNotHaveDuplicates();
    assertThat(all.indexOf(c)).isLessThan(all.indexOf(a)); // newest first

    List<String> failed =
        as(TestTenant.GLOBEX)
            .queryParam("status", "failed")
            .get("/v1/jobs")
            .then()
            .statusCode(200)
            .extract()
            .path("jobs.job_id");
    assertThat(failed).containsExactly(b);
    List<String> queued =
        as(TestTenant.GLOBEX)
            .queryParam("status", "queued")
            .get("/v1/jobs")
            .then()
            .extract()
            .path("jobs.job_id");
    assertThat(queued).contains(a, c).doesNotContain(b);

    as(TestTenant.GLOBEX)
        .queryParam("status", "done")
        .get("/v1/jobs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].pointer", is("query:status"));
    as(TestTenant.GLOBEX)
        .queryParam("cursor", "nonsense!")
        .get("/v1/jobs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void cancelWritesACancelCommandAndTheWorkersConfirmationFinishesTheJob() {
    String jobId = submitted(TestTenant.ACME, "{\"prompt\": \"two squares\"}");
    as(TestTenant.ACME)
        .post("/v1/jobs/" + jobId + "/cancel")
        .then()
        .statusCode(202)
        .body("job_id", is(jobId));

    ConsumerRecord<String, byte[]> command =
        TestWorker.readAll(Topics.CONTROL).stream()
            .filter(r -> jobId.equals(r.key()))
            .findFirst()
            .orElseThrow();
    CloudEvent event = WireEvents.fromKafka(command.topic(), command.headers(), command.value());
    assertThat(event.getType()).isEqualTo("dev.scalingar.job.cancel");
    CancelCommand cancel = WireEvents.data(event, CancelCommand.class);
    assertThat(cancel.tenant()).isEqualTo("acme");
    assertThat(
            new String(
                command.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
        .startsWith("00-");

    worker.cancelled(jobId, "acme");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "cancelled".equals(status(TestTenant.ACME, jobId)));
    as(TestTenant.ACME).get("/v1/jobs/" + jobId).then().body("tokens.used", is(28));
    as(TestTenant.ACME)
        .post("/v1/jobs/" + jobId + "/cancel")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", is("https://scalingar.dev/problems/job-finished"));
  }

  @Test
  void duplicateEventsAreFoldedOnce() {
    String jobId = submitted(TestTenant.ACME, "{\"prompt\": \"a blue square\"}");
    worker.started(jobId, "acme");
    worker.pruned(jobId, "acme", 1, 5);
    worker.pruned(jobId, "acme", 1, 5); // redelivered after a worker restart: same event id
    worker.pruned(jobId, "acme", 2, 6);
    worker.progress(jobId, "acme", 10);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Integer.valueOf(10)
                    .equals(as(TestTenant.ACME).get("/v1/jobs/" + jobId).path("progress.step")));
    as(TestTenant.ACME).get("/v1/jobs/" + jobId).then().body("progress.pruned_trajectories", is(2));
  }
}
