package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.as;
import static dev.scalingar.gateway.Api.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every bad input of issue 9 item 5 is a problem+json naming the field and rule, and writes
 * nothing.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

  private static final String PROBLEM = "application/problem+json";

  private static ValidatableResponse invalid(String body, String pointer) {
    return submit(TestTenant.STRICT, body)
        .then()
        .statusCode(422)
        .contentType(PROBLEM)
        .body("type", is("https://scalingar.dev/problems/invalid-request"))
        .body("status", is(422))
        .body("instance", is("/v1/jobs"))
        .body("errors.pointer", hasItem(pointer))
        .body(not(containsString("at dev.scalingar"))); // never a stack trace
  }

  @Test
  void badNIsNamedWithItsRule() {
    invalid("{\"prompt\": \"a red circle\", \"n\": 0}", "/n")
        .body("errors[0].detail", containsString("1"));
    invalid("{\"prompt\": \"a red circle\", \"n\": 65}", "/n")
        .body("errors[0].detail", containsString("64"));
    invalid("{\"prompt\": \"a red circle\", \"n\": \"eight\"}", "/n")
        .body("errors[0].detail", containsString("integer"));
  }

  @Test
  void emptyMissingOrOversizedPromptIsNamed() {
    invalid("{\"prompt\": \"\"}", "/prompt");
    invalid("{\"n\": 4}", "/prompt");
    invalid("{\"prompt\": \"" + "a".repeat(2001) + "\"}", "/prompt")
        .body("errors[0].detail", containsString("at most"));
    // within the schema's 2000 but over the ShapesWorld grammar's 200
    invalid("{\"prompt\": \"" + "a red circle ".repeat(20) + "\"}", "/prompt")
        .body("errors[0].detail", containsString("too long"));
  }

  @Test
  void promptOutsideTheModelsVocabularyNamesTheWord() {
    invalid("{\"prompt\": \"a red dragon\"}", "/prompt")
        .body("errors[0].detail", containsString("'dragon'"))
        .body("errors[0].detail", containsString(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL));
  }

  @Test
  void unknownStrategyModelOrFieldIsNamed() {
    invalid("{\"prompt\": \"a red circle\", \"strategy\": \"magic\"}", "/strategy");
    invalid("{\"prompt\": \"a red circle\", \"model\": \"llamagen-xl\"}", "/model");
    invalid("{\"prompt\": \"a red circle\", \"steps\": 3}", "/steps");
  }

  @Test
  void webhookToAPrivateAddressIsRefused() {
    invalid(
            "{\"prompt\": \"a red circle\", \"webhook_url\": \"http://10.1.2.3/hook\"}",
            "/webhook_url")
        .body("errors[0].detail", containsString("private"));
    invalid(
        "{\"prompt\": \"a red circle\", \"webhook_url\": \"http://169.254.169.254/latest\"}",
        "/webhook_url");
    invalid(
        "{\"prompt\": \"a red circle\", \"webhook_url\": \"ftp://example.com/x\"}", "/webhook_url");
  }

  @Test
  void malformedJsonIs400() {
    submit(TestTenant.STRICT, "{\"prompt\": ")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", is("https://scalingar.dev/problems/malformed-json"))
        .body("detail", containsString("line 1"));
    submit(TestTenant.STRICT, "").then().statusCode(400).contentType(PROBLEM);
  }

  @Test
  void tooLargeBodyIs413() {
    // the test limit is 4096 bytes (gateway.request.max-body-bytes)
    submit(
            TestTenant.STRICT,
            "{\"prompt\": \"a red circle\", \"metadata\": {\"x\": \"" + "y".repeat(5000) + "\"}}")
        .then()
        .statusCode(413)
        .contentType(PROBLEM)
        .body("type", is("https://scalingar.dev/problems/body-too-large"));
  }

  @Test
  void aBodyOverTheHttpLayersLimitIs413ProblemToo() {
    // over quarkus.http.limits.max-body-size (1M): refused by a Vert.x route before the application
    // sees it, where Quarkus's own answer is a bare 413 with no body (issue 21)
    submit(
            TestTenant.STRICT,
            "{\"prompt\": \"a red circle\", \"metadata\": {\"x\": \""
                + "y".repeat(1024 * 1024 + 1)
                + "\"}}")
        .then()
        .statusCode(413)
        .contentType(PROBLEM)
        .body("type", is("https://scalingar.dev/problems/body-too-large"))
        .body("status", is(413))
        .body("detail", containsString(Long.toString(1024 * 1024)));
  }

  @TestHTTPResource("/")
  URI base;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A job spec of {@code size} bytes or a little more: valid but for its size. */
  private static byte[] specOf(int size) {
    return utf8(
        "{\"prompt\": \"a red circle\", \"metadata\": {\"x\": \"" + "y".repeat(size) + "\"}}");
  }

  /** POSTs {@code body} to /v1/jobs over a raw socket, chunked (no Content-Length) or not. */
  private RawHttp.Answer postJob(TestTenant tenant, byte[] body, boolean chunked) throws Exception {
    return RawHttp.post(base, "/v1/jobs", tenant.bearer(), body, chunked);
  }

  private static void assertBodyTooLarge(RawHttp.Answer a, long limit) {
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.headers().get("content-type")).startsWith(PROBLEM);
    assertThat(a.body())
        .contains("\"type\":\"https://scalingar.dev/problems/body-too-large\"")
        .contains("\"status\":413")
        .contains("at most " + limit + " bytes")
        .contains("\"instance\":\"/v1/jobs\"");
  }

  @Test
  void aRawBodyOverTheHttpLayersLimitWithContentLengthIs413Problem() throws Exception {
    RawHttp.Answer a = postJob(TestTenant.STRICT, specOf(2 << 20), false);
    assertBodyTooLarge(a, 1 << 20);
  }

  @Test
  void aChunkedBodyOverTheHttpLayersLimitIs413ProblemToo() throws Exception {
    // no Content-Length: refused while it is read, where Quarkus's own answer is a bare 413
    RawHttp.Answer a = postJob(TestTenant.STRICT, specOf(2 << 20), true);
    assertBodyTooLarge(a, 1 << 20);
    assertThat(a.body()).contains("without Content-Length");
    assertThat(a.headers().get("connection")).isEqualTo("close");
  }

  @Test
  void aChunkedBodyUnderTheHttpLimitReachesTheApplicationsOwnLimit() throws Exception {
    // read whole by the HTTP layer's route, then measured by the submission (test limit 4096)
    RawHttp.Answer a = postJob(TestTenant.STRICT, specOf(200_000), true);
    assertBodyTooLarge(a, 4096);
  }

  @Test
  void aSmallChunkedBodyIsAnOrdinaryRequest() throws Exception {
    RawHttp.Answer bad =
        postJob(TestTenant.STRICT, utf8("{\"prompt\": \"a red circle\", \"n\": 0}"), true);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("\"pointer\":\"/n\"");
    RawHttp.Answer ok = postJob(TestTenant.ACME, utf8("{\"prompt\": \"a red circle\"}"), true);
    assertThat(ok.status()).isEqualTo(202);
    assertThat(ok.body()).contains("\"job_id\":\"job_");
  }

  @Test
  void otherHttpErrorsAreProblemsToo() {
    as(TestTenant.STRICT)
        .contentType("text/plain")
        .body("a red circle")
        .post("/v1/jobs")
        .then()
        .statusCode(415)
        .contentType(PROBLEM);
    as(TestTenant.STRICT).delete("/v1/jobs").then().statusCode(405).contentType(PROBLEM);
    as(TestTenant.STRICT).get("/v1/nothing-here").then().statusCode(404).contentType(PROBLEM);
  }

  /** Runs last: nothing of tenant "strict" may be in Kafka except the one valid job sent here. */
  @Test
  @Order(Integer.MAX_VALUE)
  void nothingWasWrittenToKafka() {
    String fence =
        submit(TestTenant.STRICT, "fence-" + System.nanoTime(), "{\"prompt\": \"a red circle\"}")
            .then()
            .statusCode(202)
            .extract()
            .path("job_id");
    await().atMost(Duration.ofSeconds(20)).until(() -> keysOfStrict(Topics.EVENTS).contains(fence));
    assertThat(keysOfStrict(Topics.jobs(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL)))
        .containsExactly(fence);
    assertThat(keysOfStrict(Topics.EVENTS)).containsExactly(fence);
    assertThat(keysOfStrict(Topics.CONTROL)).isEmpty();
  }

  private static Set<String> keysOfStrict(String topic) {
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records =
        TestWorker.readAll(topic);
    return records.stream()
        .filter(
            r ->
                "strict"
                    .equals(
                        WireEvents.fromKafka(r.topic(), r.headers(), r.value())
                            .getExtension("tenant")))
        .map(r -> r.key())
        .flatMap(Stream::of)
        .collect(Collectors.toSet());
  }
}
