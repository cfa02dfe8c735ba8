package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.as;
import static dev.scalingar.gateway.Api.submit;
import static dev.scalingar.gateway.Api.submitted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TenancyTest {

  @Test
  void noKeyOrAnUnknownKeyIs401() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"prompt\": \"a red circle\"}")
        .post("/v1/jobs")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer realm=\"scalingar\"")
        .body("type", is("https://scalingar.dev/problems/unauthorized"));
    given()
        .header("Authorization", "Bearer not-a-key")
        .get("/v1/jobs")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .get("/v1/webhooks/secret")
        .then()
        .statusCode(401);
    given()
        .get("/v1/jobs/job_whatever/events")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void anotherTenantsJobIsNotFoundNot403() {
    String jobId = submitted(TestTenant.ACME, "{\"prompt\": \"a red circle\"}");
    as(TestTenant.GLOBEX)
        .get("/v1/jobs/" + jobId)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", is("https://scalingar.dev/problems/not-found"));
    as(TestTenant.GLOBEX).post("/v1/jobs/" + jobId + "/cancel").then().statusCode(404);
    as(TestTenant.GLOBEX).get("/v1/jobs/" + jobId + "/events").then().statusCode(404);
    as(TestTenant.GLOBEX).get("/v1/jobs/job_doesnotexist00").then().statusCode(404);
    List<String> theirs =
        as(TestTenant.GLOBEX)
            .queryParam("limit", 100)
            .get("/v1/jobs")
            .then()
            .statusCode(200)
            .extract()
            .path("jobs.job_id");
    assertThat(theirs).doesNotContain(jobId);
    as(TestTenant.ACME).get("/v1/jobs/" + jobId).then().statusCode(200);
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() {
    // tenant "slow": a bucket of 2, refilled at one request per 10 s
    submit(TestTenant.SLOW, "{\"prompt\": \"a red circle\"}").then().statusCode(202);
    submit(TestTenant.SLOW, "{\"prompt\": \"a red circle\"}").then().statusCode(202);
    String retryAfter =
        submit(TestTenant.SLOW, "{\"prompt\": \"a red circle\"}")
            .then()
            .statusCode(429)
            .contentType("application/problem+json")
            .body("type", is("https://scalingar.dev/problems/rate-limited"))
            .header("Retry-After", notNullValue())
            .extract()
            .header("Retry-After");
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 10);
  }

  @Test
  void overTheQueuedJobsCapIs429UntilAJobStarts() {
    // tenant "capped": at most 2 queued jobs
    String first = submitted(TestTenant.CAPPED, "{\"prompt\": \"a red circle\"}");
    submitted(TestTenant.CAPPED, "{\"prompt\": \"a red circle\"}");
    submit(TestTenant.CAPPED, "{\"prompt\": \"a red circle\"}")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", is("https://scalingar.dev/problems/queue-full"))
        .header("Retry-After", "5");
    try (TestWorker worker = new TestWorker()) {
      worker.started(first, "capped");
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () -> submit(TestTenant.CAPPED, "{\"prompt\": \"a red circle\"}").statusCode() == 202);
  }

  @Test
  void eachTenantHasItsOwnWebhookSecret() {
    as(TestTenant.ACME)
        .get("/v1/webhooks/secret")
        .then()
        .statusCode(200)
        .body("secret", is(TestTenant.ACME_WEBHOOK_SECRET));
    String derived =
        as(TestTenant.GLOBEX)
            .get("/v1/webhooks/secret")
            .then()
            .statusCode(200)
            .extract()
            .path("secret");
    assertThat(derived).startsWith("whsec_").isNotEqualTo(TestTenant.ACME_WEBHOOK_SECRET);
  }
}
