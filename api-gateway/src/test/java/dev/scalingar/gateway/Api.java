package dev.scalingar.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Small HTTP helpers, so tests read as what a client does. */
final class Api {

  private Api() {}

  static RequestSpecification as(TestTenant tenant) {
    return given().header("Authorization", tenant.bearer());
  }

  static Response submit(TestTenant tenant, String body) {
    return as(tenant).contentType(ContentType.JSON).body(body).post("/v1/jobs");
  }

  static Response submit(TestTenant tenant, String idempotencyKey, String body) {
    return as(tenant)
        .header("Idempotency-Key", idempotencyKey)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/jobs");
  }

  /** Submits a valid job and returns its id. */
  static String submitted(TestTenant tenant, String body) {
    return submit(tenant, body).then().statusCode(202).extract().path("job_id");
  }

  static String status(TestTenant tenant, String jobId) {
    return as(tenant).get("/v1/jobs/" + jobId).then().statusCode(200).extract().path("status");
  }
}
