package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.ShapesCheck;
import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shapes check [--json]}: the figures showing ShapesEval is an exact judge (docs/design.md
 * contract: renderer_correct, cross_prompt_correct, roundtrip_correct, noise_score, blank_score).
 * Exit code 1 when a figure misses issue 5's goal.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check the scorer against the renderer and the tokenizer.")
public final class CheckCommand extends ShapesSubcommand {

  @Option(names = "--json", description = "one JSON object instead of a table")
  boolean json;

  @Option(
      names = "--set",
      defaultValue = "eval",
      description = "prompt set: eval or dev (default ${DEFAULT-VALUE})")
  String set;

  @Override
  int run() {
    ShapesCheck.Report report = ShapesCheck.run(PromptSet.named(set), ImageTokenizer.shipped());
    Map<String, ShapesCheck.Scores> figures = figures(report);
    if (json) {
      out().println(json(toJson(report, figures)));
    } else {
      printTable(report, figures);
    }
    return report.passes() ? 0 : 1;
  }

  private static Map<String, ShapesCheck.Scores> figures(ShapesCheck.Report report) {
    Map<String, ShapesCheck.Scores> figures = new LinkedHashMap<>();
    figures.put("renderer_correct", report.rendererCorrect());
    figures.put("cross_prompt_correct", report.crossPromptCorrect());
    figures.put("roundtrip_correct", report.roundtripCorrect());
    figures.put("noise_score", report.noiseScore());
    figures.put("blank_score", report.blankScore());
    return figures;
  }

  private static Map<String, Object> toJson(
      ShapesCheck.Report report, Map<String, ShapesCheck.Scores> figures) {
    Map<String, Object> json = new LinkedHashMap<>();
    figures.forEach((name, scores) -> json.put(name, EvalCommand.round(scores.overall())));
    json.put("set", report.set());
    json.put("prompts", report.prompts());
    Map<String, Object> perTask = new LinkedHashMap<>();
    figures.forEach((name, scores) -> perTask.put(name, byTag(scores)));
    json.put("per_task", perTask);
    json.put("passes", report.passes());
    return json;
  }

  private static Map<String, Double> byTag(ShapesCheck.Scores scores) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Task task : Task.values()) {
      out.put(task.tag(), EvalCommand.round(scores.perTask().getOrDefault(task, 0.0)));
    }
    return out;
  }

  private void printTable(ShapesCheck.Report report, Map<String, ShapesCheck.Scores> figures) {
    out().printf("ShapesEval check on %s (%d prompts)%n", report.set(), report.prompts());
    StringBuilder header = new StringBuilder(String.format("%-22s %8s", "figure", "overall"));
    for (Task task : Task.values()) {
      header.append(String.format(" %13s", task.tag()));
    }
    out().println(header);
    figures.forEach(
        (name, scores) -> {
          StringBuilder row =
              new StringBuilder(String.format("%-22s %8.3f", name, scores.overall()));
          for (Task task : Task.values()) {
            row.append(String.format(" %13.3f", scores.perTask().getOrDefault(task, 0.0)));
          }
          out().println(row);
        });
    out()
        .println(
            report.passes()
                ? "all goals met"
                : "GOALS NOT MET (renderer >= 0.99, cross <= 0.10, roundtrip >= 0.97, noise = blank = 0)");
  }
}
