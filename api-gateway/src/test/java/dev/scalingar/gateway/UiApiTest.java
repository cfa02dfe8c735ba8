package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.as;
import static dev.scalingar.gateway.Api.submitted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.scalingar.schemas.events.WorkerHeartbeat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The web view's server side without a browser: pages, assets, stream tokens and the fleet. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class UiApiTest {

  @TestHTTPResource("/")
  URI base;

  @Test
  void pagesAreStaticShellsWithAStrictContentSecurityPolicy() {
    for (String path : new String[] {"/ui", "/ui/jobs/job_ANYTHING1", "/ui/fleet"}) {
      given()
          .get(path)
          .then()
          .statusCode(200)
          .contentType(containsString("text/html"))
          .header("Content-Security-Policy", containsString("script-src 'self'"))
          .header("Referrer-Policy", equalTo("no-referrer"))
          .body(containsString("id=\"key-form\""));
    }
    given()
        .get("/ui/jobs/not a job")
        .then()
        .statusCode(404)
        .contentType(containsString("application/problem+json"));
    given().get("/ui/assets/job.js").then().statusCode(200).body(containsString("EventSource"));
    // uPlot comes from its webjar (Maven), at the version the page names
    given().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200);
    given().get("/webjars/uplot/1.6.30/LICENSE").then().statusCode(200).body(containsString("MIT"));
  }

  @Test
  void aStreamTokenOpensItsJobsEventsWithoutTheKey() throws Exception {
    String jobId = submitted(TestTenant.ACME, "{\"prompt\": \"a red circle\"}");
    String url =
        as(TestTenant.ACME)
            .post("/v1/jobs/" + jobId + "/stream-token")
            .then()
            .statusCode(200)
            .body("token", org.hamcrest.Matchers.not(containsString(TestTenant.ACME.apiKey)))
            .extract()
            .path("events_url");
    try (TestWorker worker = new TestWorker()) {
      worker.failed(jobId, "acme"); // a finished job: the stream is its status event, then the end
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "failed".equals(Api.status(TestTenant.ACME, jobId)));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"failed\"");
  }

  @Test
  void aStreamTokenOpensNoOtherJobAndAnotherTenantGetsNone() {
    String mine = submitted(TestTenant.ACME, "{\"prompt\": \"a red circle\"}");
    String other = submitted(TestTenant.ACME, "{\"prompt\": \"a blue square\"}");
    String token =
        as(TestTenant.ACME)
            .post("/v1/jobs/" + mine + "/stream-token")
            .then()
            .statusCode(200)
            .extract()
            .path("token");
    given()
        .queryParam("stream_token", token)
        .get("/v1/jobs/" + other + "/events")
        .then()
        .statusCode(401)
        .contentType(containsString("application/problem+json"));
    given()
        .queryParam("stream_token", token + "x")
        .get("/v1/jobs/" + mine + "/events")
        .then()
        .statusCode(401);
    as(TestTenant.GLOBEX).post("/v1/jobs/" + mine + "/stream-token").then().statusCode(404);
    given().post("/v1/jobs/" + mine + "/stream-token").then().statusCode(401);
  }

  @Test
  void theFleetShowsAWorkerFromItsHeartbeat() {
    try (TestWorker worker = new TestWorker()) {
      worker.heartbeat(
          new WorkerHeartbeat("fleet-test-worker", 60_000, 32, 8, 8, 1, 0, 0, 2048, false));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as(TestTenant.GLOBEX)
                    .get("/v1/fleet")
                    .then()
                    .statusCode(200)
                    .body("workers.find { it.worker == 'fleet-test-worker' }.slots", equalTo(32))
                    .body(
                        "workers.find { it.worker == 'fleet-test-worker' }.busy_slots",
                        equalTo(8)));
    given().get("/v1/fleet").then().statusCode(401);
  }
}
