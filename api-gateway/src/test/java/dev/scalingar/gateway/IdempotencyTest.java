package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import dev.scalingar.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class IdempotencyTest {

  @Test
  void sameKeyAndBodyReturnTheFirstJobAndWriteNothingMore() {
    String key = UUID.randomUUID().toString();
    String body = "{\"prompt\": \"a red circle\", \"n\": 2}";
    var first = submit(TestTenant.ACME, key, body).then().statusCode(202).extract();
    String jobId = first.path("job_id");
    // same meaning, different bytes: key order and whitespace do not make it another body
    submit(TestTenant.ACME, key, "{ \"n\":2,   \"prompt\":\"a red circle\" }")
        .then()
        .statusCode(202)
        .header("Idempotent-Replayed", "true")
        .body("job_id", is(jobId))
        .body("seed", is((Object) first.path("seed")));
    assertThat(
            TestWorker.readAll(Topics.jobs(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL)).stream()
                .filter(r -> jobId.equals(r.key())))
        .hasSize(1);
  }

  @Test
  void sameKeyWithAnotherBodyIs422() {
    String key = UUID.randomUUID().toString();
    submit(TestTenant.ACME, key, "{\"prompt\": \"a red circle\"}").then().statusCode(202);
    submit(TestTenant.ACME, key, "{\"prompt\": \"a blue circle\"}")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", is("https://scalingar.dev/problems/idempotency-key-reused"))
        .body("errors[0].pointer", is("header:Idempotency-Key"));
  }

  @Test
  void theSameKeyOfAnotherTenantIsAnotherJob() {
    String key = UUID.randomUUID().toString();
    String a =
        submit(TestTenant.ACME, key, "{\"prompt\": \"a red circle\"}")
            .then()
            .statusCode(202)
            .extract()
            .path("job_id");
    String b =
        submit(TestTenant.GLOBEX, key, "{\"prompt\": \"a red circle\"}")
            .then()
            .statusCode(202)
            .extract()
            .path("job_id");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void anUnusableKeyIs400() {
    submit(TestTenant.ACME, "has spaces in it", "{\"prompt\": \"a red circle\"}")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].pointer", is("header:Idempotency-Key"));
  }
}
