package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.eval.DetectedObject;
import dev.scalingar.shapes.eval.Reason;
import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.eval.Verdict;
import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.render.Png;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code shapes eval PROMPT FILE.png}: one JSON line, {@code {"prompt", "task", "correct",
 * "reasons": [{"kind", "message"}], "objects": [...]}}. Exit code 0 whatever the verdict.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Judge an image against a prompt (one JSON line).")
public final class EvalCommand extends ShapesSubcommand {

  @Parameters(index = "0", paramLabel = "PROMPT")
  String prompt;

  @Parameters(
      index = "1",
      paramLabel = "FILE.png",
      description = "64x64 or a square multiple (256x256)")
  Path image;

  @Override
  int run() {
    PromptSpec spec = PromptParser.parse(prompt);
    Verdict verdict = ShapesEval.judge(spec, Png.read(image));
    out().println(json(toJson(prompt, verdict)));
    return 0;
  }

  static Map<String, Object> toJson(String prompt, Verdict verdict) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("prompt", prompt);
    json.put("task", verdict.task().tag());
    json.put("correct", verdict.correct());
    json.put("reasons", verdict.reasons().stream().map(EvalCommand::reason).toList());
    json.put("objects", verdict.objects().stream().map(EvalCommand::object).toList());
    return json;
  }

  private static Map<String, Object> reason(Reason reason) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", reason.kind());
    json.put("message", reason.message());
    return json;
  }

  private static Map<String, Object> object(DetectedObject o) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("shape", o.shape().singular());
    json.put("colour", o.colour().word());
    json.put("x", round(o.centroidX()));
    json.put("y", round(o.centroidY()));
    json.put("area", o.area());
    json.put("match", round(o.match()));
    return json;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
