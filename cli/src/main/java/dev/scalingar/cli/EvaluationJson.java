package dev.scalingar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.model.shapes.ModelEvaluation;
import dev.scalingar.shapes.eval.TaskScores;

/** A model evaluation as JSON, with GenEval's task tags. */
final class EvaluationJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluationJson() {}

  static String write(ModelEvaluation.Result r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("set", r.set())
        .put("prompts", r.prompts())
        .put("n", r.n())
        .put("cfg", r.cfg())
        .put("seconds", r.seconds());
    scores(root.putObject("base"), r.base());
    scores(root.putObject("per_sample"), r.perSample());
    scores(root.putObject("oracle_bon"), r.oracle());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void scores(ObjectNode node, TaskScores s) {
    node.put("overall", s.overall());
    ObjectNode tasks = node.putObject("tasks");
    s.perTask().forEach((task, acc) -> tasks.put(task.tag(), acc));
  }
}
