package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.submitted;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class OperationsTest {

  @Test
  void healthIncludesTheBrokerAndTheView() {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", is("UP"))
        .body("checks[0].name", is("kafka and job-status view"))
        .body("checks[0].data.broker", containsString("reachable"))
        .body("checks[0].data.view", is("live"));
    given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void prometheusMetricsCountJobsAndRequests() {
    submitted(TestTenant.ACME, "{\"prompt\": \"a red circle\"}");
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("scalingar_gateway_jobs_total{outcome=\"accepted\""))
        .body(containsString("scalingar_gateway_kafka_ack_seconds"))
        .body(containsString("scalingar_gateway_view_jobs"))
        .body(containsString("http_server_requests_seconds_count"));
  }

  @Test
  void openApiDocumentsTheJobApi() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/v1/jobs/{id}/events"))
        .body(containsString("/v1/webhooks/secret"))
        .body(containsString("Idempotency-Key"))
        .body(containsString("\"prompt\""));
    given().get("/q/swagger-ui/").then().statusCode(200);
  }
}
