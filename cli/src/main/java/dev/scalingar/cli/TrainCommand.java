package dev.scalingar.cli;

import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.shapes.ModelEvaluation;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.model.shapes.ShapesTrainingData;
import dev.scalingar.model.train.TrainConfig;
import dev.scalingar.model.train.Trainer;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.prompts.TaskMix;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar train}: trains a ShapesWorld model ({@code shapes-v1} by default, or any width
 * and depth) on data rendered and tokenised on the fly. Interrupt it at any time: the same command
 * with {@code --resume} continues exactly from the latest checkpoint in {@code --dir}. Ends with an
 * evaluation on the dev prompts.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train a ShapesWorld model (resumable with --resume), then evaluate it on the dev prompts.")
public final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      defaultValue = "shapes-v1",
      description =
          "Model name (default: ${DEFAULT-VALUE}). shapes-v1 and shapes-v2 are 192 wide, 6 layers, 6 heads; with --dim/--layers/--heads any name is a new configuration.")
  String model;

  @Option(names = "--dim", description = "Width (default: the named model's).")
  Integer dim;

  @Option(names = "--layers", description = "Decoder blocks (default: the named model's).")
  Integer layers;

  @Option(
      names = "--heads",
      description =
          "Attention heads; head width dim/heads must be a multiple of 4 (default: the named model's).")
  Integer heads;

  @Option(
      names = "--mix",
      defaultValue = "uniform",
      description =
          "Task mix of the training scenes: uniform or compositional (2× counting, position, colour attribution; 1.5× two objects). Default: ${DEFAULT-VALUE}.")
  String mix;

  @Option(
      names = "--resume",
      description = "Continue the run in --dir from its newest checkpoint (same model and mix).")
  boolean resume;

  @Option(
      names = "--steps",
      description = "Optimiser steps (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int steps;

  @Option(
      names = "--batch",
      description = "Images per step (default: ${DEFAULT-VALUE}).",
      defaultValue = "32")
  int batch;

  @Option(
      names = "--lr",
      description = "Peak learning rate (default: ${DEFAULT-VALUE}).",
      defaultValue = "1.5e-3")
  double lr;

  @Option(
      names = "--warmup",
      description = "Warm-up steps (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int warmup;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "100",
      description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--seed",
      defaultValue = "20261124",
      description = "Seed of data and initialisation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dir", description = "Checkpoints and log (default: .scalingar/train/MODEL).")
  Path dir;

  @Option(
      names = "--out",
      description =
          "Final weights (default: DIR/MODEL.safetensors); copy to worker/model/src/main/resources/dev/scalingar/model/ to ship.")
  Path out;

  @Option(
      names = "--eval-limit",
      defaultValue = "60",
      description = "Dev prompts to evaluate at the end, 0 to skip (default: ${DEFAULT-VALUE}).")
  int evalLimit;

  @Option(
      names = "--eval-n",
      defaultValue = "8",
      description = "Samples per prompt for oracle best-of-N (default: ${DEFAULT-VALUE}).")
  int evalN;

  @Override
  public Integer call() throws Exception {
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    ModelArgs args = modelArgs(tokenizer);
    TaskMix taskMix = TaskMix.named(mix);
    if (dir == null) {
      dir = Path.of(".scalingar", "train", model);
    }
    if (out == null) {
      out = dir.resolve(model + ".safetensors");
    }
    TrainConfig config =
        new TrainConfig(steps, batch, lr, warmup, checkpointEvery, dir, out, seed, resume);
    System.err.printf(
        Locale.ROOT,
        "training %s (dim %d, %d layers, %d heads): %,d parameters, %d steps × %d images, lr %.1e, mix %s, into %s%n",
        args.name(),
        args.dim(),
        args.nLayer(),
        args.nHead(),
        args.parameterCount(),
        steps,
        batch,
        lr,
        taskMix.name(),
        dir);
    Trainer trainer =
        new Trainer(
            args,
            config,
            new ShapesTrainingData(tokenizer, taskMix),
            Map.of(
                ShapesModels.CODEBOOK_KEY,
                ShapesModels.codebookId(tokenizer),
                "train_mix",
                taskMix.describe()));
    Trainer.Result result;
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("train")
            .setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .continuousUpdate()
            .build()) {
      result =
          trainer.run(
              (step, loss, rate, tokensPerSecond) -> {
                bar.stepTo(step + 1);
                bar.setExtraMessage(
                    String.format(
                        Locale.ROOT, "loss %.3f lr %.1e %.0f tok/s", loss, rate, tokensPerSecond));
              });
    }
    String summary =
        String.format(
            Locale.ROOT,
            "{\"steps\": %d, \"steps_run_now\": %d, \"seconds_now\": %.1f, \"final_loss\": %.4f, \"skipped_steps\": %d}",
            steps,
            result.stepsRun(),
            result.seconds(),
            result.finalLoss(),
            result.skippedSteps());
    Files.writeString(dir.resolve("train-summary.json"), summary + "\n");
    System.err.println("weights: " + result.weights() + "  " + summary);
    if (evalLimit > 0) {
      try (TransformerImageModel model =
          ShapesModels.load(result.weights(), 2 * evalN * 4, ai.djl.Device.cpu())) {
        PromptSet dev = PromptSet.dev();
        int total = Math.min(evalLimit, dev.entries().size());
        ModelEvaluation.Result eval;
        try (ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("eval (dev)")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .build()) {
          eval =
              ModelEvaluation.run(
                  model,
                  tokenizer,
                  dev,
                  evalLimit,
                  evalN,
                  args.defaultCfgScale(),
                  seed,
                  bar::stepTo);
        }
        String json = EvaluationJson.write(eval);
        Files.writeString(dir.resolve("eval-dev.json"), json + "\n");
        System.out.println(json);
      }
    }
    return 0;
  }

  private ModelArgs modelArgs(ImageTokenizer tokenizer) {
    ModelArgs named =
        switch (model) {
          case "shapes-v1" -> ShapesModels.shapesV1(tokenizer);
          // the scaling sweep's choice (worker/model/README.md): v1's shape, trained twice as long
          // on the compositional mix
          case "shapes-v2" -> ShapesModels.shapes(tokenizer, "shapes-v2", 192, 6, 6);
          default -> null;
        };
    if (named == null && (dim == null || layers == null || heads == null)) {
      throw new IllegalArgumentException(
          "unknown model '"
              + model
              + "'; known: shapes-v1, shapes-v2 (or give --dim, --layers and --heads for a new one)");
    }
    int d = dim != null ? dim : named.dim();
    int l = layers != null ? layers : named.nLayer();
    int h = heads != null ? heads : named.nHead();
    return named != null && d == named.dim() && l == named.nLayer() && h == named.nHead()
        ? named
        : ShapesModels.shapes(tokenizer, model, d, l, h);
  }
}
