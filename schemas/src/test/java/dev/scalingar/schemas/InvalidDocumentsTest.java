package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad documents are refused, and the message names the field. */
class InvalidDocumentsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      missing required prompt          | {"n": 8}                                    | /prompt
      n of the wrong type              | {"prompt": "a square", "n": "eight"}        | /n
      n below its range                | {"prompt": "a square", "n": 0}              | /n
      n above its range                | {"prompt": "a square", "n": 65}             | /n
      top_p above 1                    | {"prompt": "a square", "top_p": 1.5}        | /top_p
      temperature of zero              | {"prompt": "a square", "temperature": 0}    | /temperature
      negative seed                    | {"prompt": "a square", "seed": -1}          | /seed
      unknown strategy                 | {"prompt": "a square", "strategy": "greedy"} | /strategy
      empty prompt                     | {"prompt": ""}                              | /prompt
      misspelt field                   | {"prompt": "a square", "promt": "x"}        | /
      webhook that is not http         | {"prompt": "a square", "webhook_url": "ftp://x"} | /webhook_url
      """)
  void jobSpecIsRejectedNamingTheField(String why, String json, String field) {
    assertThatThrownBy(() -> WireCodec.decodeSpec(json.getBytes(StandardCharsets.UTF_8)))
        .as(why)
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> {
              assertThat(e.violations()).extracting(WireSchemas.Violation::field).contains(field);
              assertThat(e.getMessage()).startsWith("invalid job-spec: ").contains(field);
            });
  }

  @Test
  void oversizedPromptIsRejected() {
    String prompt = "a red square ".repeat(800); // ~10 kB
    String json = "{\"prompt\": \"" + prompt + "\"}";
    assertThatThrownBy(() -> WireCodec.decodeSpec(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("/prompt");
  }

  @Test
  void notJsonAtAllIsAViolationNotAParserStackTrace() {
    assertThatThrownBy(() -> WireCodec.decodeSpec("{prompt: ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void jobRequestWithABadTimestampAndJobId() {
    String json =
        """
        {"job_id": "no spaces allowed", "tenant": "acme", "submitted_at": "yesterday", "spec": {"prompt": "a square"}}
        """;
    assertThatThrownBy(() -> WireCodec.decodeRequest(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e ->
                assertThat(e.violations())
                    .extracting(WireSchemas.Violation::field)
                    .contains("/job_id", "/submitted_at"));
  }

  @Test
  void nestedSpecErrorsCarryTheirPath() {
    String json =
        """
        {"job_id": "j-12345678", "tenant": "acme", "submitted_at": "2026-11-24T12:00:00Z", "spec": {"n": 3}}
        """;
    assertThatThrownBy(() -> WireCodec.decodeRequest(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("/spec/prompt");
  }

  @Test
  void unknownEventTypeIsRejected() {
    var event =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/test"))
            .withType("dev.scalingar.job.exploded")
            .withData("{}".getBytes(StandardCharsets.UTF_8))
            .build();
    assertThatThrownBy(() -> WireEvents.data(event))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("/type")
        .hasMessageContaining("unknown event type 'dev.scalingar.job.exploded'");
  }

  @Test
  void eventWithInvalidDataNamesTheField() {
    var event =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/test"))
            .withType(EventType.TRAJECTORY_PRUNED.type())
            .withData(
                "{\"job_id\": \"j-12345678\", \"tenant\": \"acme\", \"trajectory\": 2, \"step\": -4, \"reason\": \"bored\"}"
                    .getBytes(StandardCharsets.UTF_8))
            .build();
    assertThatThrownBy(() -> WireEvents.data(event))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e ->
                assertThat(e.violations())
                    .extracting(WireSchemas.Violation::field)
                    .contains("/step", "/reason"));
  }

  @Test
  void traceRecordOutOfRangeSignal() {
    String json = "{\"trajectory\": 0, \"step\": 1, \"token\": 3, \"Hn\": 1.7, \"cfg_scale\": 4}";
    assertThat(WireSchemas.validate("trace-record", json))
        .extracting(WireSchemas.Violation::field)
        .containsExactly("/Hn");
  }
}
