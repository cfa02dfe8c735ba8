package dev.scalingar.cli;

import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.shapes.ModelEvaluation;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar model-eval}: the model on its own (plain CFG sampling, no ScalingAR), judged
 * by ShapesEval — base accuracy (one sample per prompt) and oracle best-of-N, per task.
 */
@Command(
    name = "model-eval",
    mixinStandardHelpOptions = true,
    description = "Base and oracle best-of-N ShapesEval accuracy of the model itself, per task.")
public final class ModelEvalCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--set",
      defaultValue = "eval",
      description = "eval or dev (default: ${DEFAULT-VALUE}).")
  String set;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many prompts.")
  int limit;

  @Option(
      names = "--n",
      defaultValue = "8",
      description = "Samples per prompt for oracle best-of-N (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--cfg", description = "CFG scale (default: the model's).")
  Double cfg;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--out", defaultValue = "out/model-eval")
  Path out;

  @Override
  public Integer call() throws Exception {
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    PromptSet prompts = PromptSet.named(set);
    int capacity =
        64; // 32 trajectories per batch: the model's best rows-steps/s here (model-bench)
    try (TransformerImageModel model = modelChoice.load(capacity)) {
      double scale = cfg == null ? model.info().defaultCfgScale() : cfg;
      int total = Math.min(limit, prompts.entries().size());
      ModelEvaluation.Result r;
      try (ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName("model-eval " + set)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .build()) {
        r = ModelEvaluation.run(model, tokenizer, prompts, limit, n, scale, seed, bar::stepTo);
      }
      String json = EvaluationJson.write(r);
      Files.createDirectories(out);
      Files.writeString(out.resolve("model-eval-" + set + ".json"), json + "\n");
      Files.write(
          out.resolve("samples-" + set + ".png"), SampleSheet.png(r.firstSamples(), tokenizer, 48));
      System.out.println(json);
    }
    return 0;
  }
}
