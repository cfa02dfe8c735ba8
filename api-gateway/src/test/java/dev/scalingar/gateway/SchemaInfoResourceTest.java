package dev.scalingar.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SchemaInfoResourceTest {

  @Test
  void listsTheJobRequestSchemaAndIsHealthy() {
    given().when().get("/v1/schemas").then().statusCode(200).body("$", hasItem("job-request"));
    given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    given().when().get("/q/openapi").then().statusCode(200);
  }
}
