package dev.scalingar.gateway.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.Problem.FieldError;
import dev.scalingar.gateway.problem.ProblemException;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.WireCodec;
import dev.scalingar.schemas.WireFormatException;
import dev.scalingar.schemas.prompts.ImageNetClasses;
import dev.scalingar.shapes.ShapesModelNames;
import dev.scalingar.shapes.grammar.PromptException;
import dev.scalingar.shapes.grammar.PromptParser;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request body → {@link JobSpec}, or a problem naming what is wrong: 400 when the body is not JSON,
 * 422 with one entry per broken rule when it is JSON but not a valid job (the job-spec schema's
 * rules, the list of served models, and for the ShapesWorld models the ShapesWorld grammar).
 */
public final class SpecReader {

  /**
   * A valid job spec, and for a model with a grammar its prompt in the grammar's words (the spec
   * keeps the prompt as typed; the job shows both).
   */
  public record Read(JobSpec spec, Optional<String> canonicalPrompt) {}

  private static final Pattern UNKNOWN_PROPERTY =
      Pattern.compile("^property '(.+)' is not defined in the schema");

  private final List<String> models;

  public SpecReader(List<String> models) {
    this.models = List.copyOf(models);
  }

  public Read read(byte[] body) {
    JsonNode tree = parse(body);
    JobSpec spec;
    try {
      spec = WireCodec.decode("job-spec", tree, JobSpec.class);
    } catch (WireFormatException e) {
      throw new ProblemException(
          Problem.invalidRequest(
              e.violations().stream()
                  .map(v -> new FieldError(pointer(v.field(), v.message()), v.message()))
                  .toList()));
    }
    if (!models.contains(spec.model())) {
      throw invalid(
          "/model",
          "unknown model '" + spec.model() + "'; this gateway serves " + String.join(", ", models));
    }
    // A class-conditional LlamaGen model's prompt names an ImageNet class; the canonical prompt is
    // the class's index and first name, so a client sees which class "crane" or "207" was read as.
    if (spec.model().startsWith("llamagen-c2i")) {
      try {
        ImageNetClasses.ImageNetClass c = ImageNetClasses.get(ImageNetClasses.parse(spec.prompt()));
        return new Read(spec, Optional.of(c.index() + " " + c.names().get(0)));
      } catch (IllegalArgumentException e) {
        throw invalid(
            "/prompt", "model " + spec.model() + " takes an ImageNet class: " + e.getMessage());
      }
    }
    // The ShapesWorld grammar ships with the gateway; other models' prompts are the worker's to
    // check.
    if (!ShapesModelNames.isShapesModel(spec.model())) {
      return new Read(spec, Optional.empty());
    }
    try {
      return new Read(spec, Optional.of(PromptParser.canonicalPrompt(spec.prompt())));
    } catch (PromptException e) {
      throw invalid(
          "/prompt", "outside the vocabulary of model " + spec.model() + ": " + e.getMessage());
    }
  }

  /**
   * The schema validator reports an unknown property at its parent object ({@code /}); the client
   * needs the property itself ({@code /steps}), so point there.
   */
  static String pointer(String field, String message) {
    Matcher m = UNKNOWN_PROPERTY.matcher(message);
    if (m.find()) {
      String parent = field.equals("/") ? "" : field;
      return parent + "/" + m.group(1).replace("~", "~0").replace("/", "~1");
    }
    return field;
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new ProblemException(
          Problem.malformedJson("the request body is empty; send a JSON job spec"));
    }
    try {
      JsonNode tree = WireCodec.mapper().readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw new ProblemException(
            Problem.malformedJson("the request body is empty; send a JSON job spec"));
      }
      return tree;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ProblemException(
          Problem.malformedJson(
              "the body is not valid JSON" + where + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ProblemException(
          Problem.malformedJson("the body could not be read: " + e.getMessage()));
    }
  }

  private static ProblemException invalid(String pointer, String detail) {
    return new ProblemException(Problem.invalidRequest(List.of(new FieldError(pointer, detail))));
  }
}
