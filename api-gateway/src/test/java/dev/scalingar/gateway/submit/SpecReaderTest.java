package dev.scalingar.gateway.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

  private final SpecReader reader = new SpecReader(List.of("shapes-v1", "shapes-v2"));

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private Problem.FieldError onlyError(String json) {
    ProblemException e =
        catchThrowableOfType(() -> reader.read(body(json)), ProblemException.class);
    assertThat(e).as("refused: " + json).isNotNull();
    assertThat(e.problem().status()).isEqualTo(422);
    assertThat(e.problem().errors()).hasSize(1);
    return e.problem().errors().get(0);
  }

  @Test
  void everyShapesWorldModelHasItsPromptsCheckedAndNormalised() {
    for (String model : List.of("shapes-v1", "shapes-v2")) {
      SpecReader.Read read =
          reader.read(
              body("{\"prompt\": \"A photo of 2 circles.\", \"model\": \"" + model + "\"}"));
      assertThat(read.spec().model()).isEqualTo(model);
      assertThat(read.spec().prompt()).isEqualTo("A photo of 2 circles.");
      assertThat(read.canonicalPrompt()).contains("two circles");
    }
    Problem.FieldError e =
        onlyError("{\"prompt\": \"a purple hexagon\", \"model\": \"shapes-v2\"}");
    assertThat(e.pointer()).isEqualTo("/prompt");
    assertThat(e.detail()).startsWith("outside the vocabulary of model shapes-v2: ");
  }

  @Test
  void aModelTheFleetDoesNotServeIsA422AtModel() {
    Problem.FieldError e = onlyError("{\"prompt\": \"a red circle\", \"model\": \"shapes-v3\"}");
    assertThat(e.pointer()).isEqualTo("/model");
    assertThat(e.detail())
        .isEqualTo("unknown model 'shapes-v3'; this gateway serves shapes-v1, shapes-v2");
    SpecReader onlyV1 = new SpecReader(List.of("shapes-v1"));
    ProblemException refused =
        catchThrowableOfType(
            () -> onlyV1.read(body("{\"prompt\": \"a red circle\", \"model\": \"shapes-v2\"}")),
            ProblemException.class);
    assertThat(refused.problem().errors())
        .extracting(Problem.FieldError::pointer)
        .containsExactly("/model");
  }

  @Test
  void aClassConditionalLlamaGenPromptNamesAnImageNetClass() {
    SpecReader c2i = new SpecReader(List.of("llamagen-c2i-b"));
    assertThat(
            c2i.read(body("{\"prompt\": \"207\", \"model\": \"llamagen-c2i-b\"}"))
                .canonicalPrompt())
        .contains("207 golden retriever");
    assertThat(
            c2i.read(body("{\"prompt\": \"Golden Retriever\", \"model\": \"llamagen-c2i-b\"}"))
                .canonicalPrompt())
        .contains("207 golden retriever");
    ProblemException e =
        catchThrowableOfType(
            () -> c2i.read(body("{\"prompt\": \"a red circle\", \"model\": \"llamagen-c2i-b\"}")),
            ProblemException.class);
    assertThat(e.problem().errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.pointer()).isEqualTo("/prompt");
              assertThat(f.detail()).startsWith("model llamagen-c2i-b takes an ImageNet class: ");
            });
  }
}
