package dev.scalingar.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelArgsJson;
import dev.scalingar.model.Transformer;
import dev.scalingar.model.Weights;
import dev.scalingar.model.WeightsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Next-token training of a {@link Transformer} with teacher forcing, prefix dropout for CFG, AdamW
 * with warm-up and cosine decay, checkpoints that hold weights, optimiser moments and the step, and
 * exact resume from the latest checkpoint.
 */
public final class Trainer {

  /** Called after every step; the CLI draws a progress bar from it. */
  public interface Listener {
    void onStep(long step, double loss, double lr, double tokensPerSecond);
  }

  private final ModelArgs args;
  private final TrainConfig config;
  private final TrainingData data;
  private final Map<String, String> extraMetadata;

  public Trainer(
      ModelArgs args, TrainConfig config, TrainingData data, Map<String, String> extraMetadata) {
    this.args = args;
    this.config = config;
    this.data = data;
    this.extraMetadata = Map.copyOf(extraMetadata);
  }

  /**
   * Trains to the configured step count (resuming when a checkpoint exists) and writes the weights.
   */
  public Result run(Listener listener) throws IOException {
    Files.createDirectories(config.dir());
    try (NDManager manager = NDManager.newBaseManager()) {
      Weights weights = Weights.initialise(args, manager, config.seed());
      AdamW adam = new AdamW(AdamW.Settings.llamaGen(), weights.all(), manager);
      long start = resume(weights, adam, manager);
      weights.all().values().forEach(p -> p.setRequiresGradient(true));
      Transformer model = new Transformer(weights, manager);
      LearningRate schedule =
          new LearningRate(config.peakLr(), config.warmupSteps(), config.steps(), 0.1);
      Loss loss = Loss.softmaxCrossEntropyLoss();
      double lastLoss = Double.NaN;
      int skipped = 0;
      long t0 = System.nanoTime();
      for (long step = start; step < config.steps(); step++) {
        long ts = System.nanoTime();
        double value = trainStep(model, loss, step);
        double lr = schedule.at(step);
        double gradNorm;
        try (NDScope scope = new NDScope()) {
          if (Double.isFinite(value)) {
            gradNorm = adam.update(weights.all(), lr);
          } else {
            gradNorm = Double.NaN;
          }
        }
        if (!Double.isFinite(value) || !Double.isFinite(gradNorm)) {
          // A non-finite loss or gradient must not poison the weights: AdamW dropped it; go on.
          if (!Double.isFinite(value)) {
            AdamW.zeroGradients(weights.all());
          }
          if (++skipped > 10) {
            throw new IllegalStateException(
                "training diverged: " + skipped + " non-finite steps (last at step " + step + ")");
          }
        } else {
          lastLoss = value;
        }
        double tokensPerSecond =
            (double) config.batchSize()
                * (args.clsTokenNum() + args.blockSize() - 1)
                / ((System.nanoTime() - ts) / 1e9);
        log(step, value, lr, gradNorm, tokensPerSecond);
        listener.onStep(step, value, lr, tokensPerSecond);
        if ((step + 1) % config.checkpointEvery() == 0 || step + 1 == config.steps()) {
          checkpoint(weights, adam, step + 1, value);
        }
      }
      weights.all().values().forEach(p -> p.setRequiresGradient(false));
      WeightsFile.write(config.output(), weights, metadata(config.steps(), lastLoss));
      model.close();
      return new Result(
          config.output(),
          lastLoss,
          config.steps() - start,
          (System.nanoTime() - t0) / 1e9,
          skipped);
    }
  }

  /** The outcome of {@link #run}: where the weights went, final loss, steps run now, seconds. */
  public record Result(
      Path weights, double finalLoss, long stepsRun, double seconds, int skippedSteps) {}

  private double trainStep(Transformer model, Loss loss, long step) {
    TrainingData.Batch batch = data.batch(config.seed() * 1_000_003L + step, config.batchSize());
    int b = batch.size();
    int p = args.clsTokenNum();
    int l = args.blockSize();
    // Prefix dropout (LlamaGen class_dropout_prob): these rows learn the unconditional
    // distribution.
    SplittableRandom dropout = new SplittableRandom(config.seed() ^ (step * 0x9E3779B97F4A7C15L));
    float[] conditional = new float[b];
    for (int i = 0; i < b; i++) {
      conditional[i] = dropout.nextDouble() < args.classDropoutProb() ? 0 : 1;
    }
    try (NDScope scope = new NDScope()) {
      NDManager m = model.weights().get("norm.weight").getManager();
      NDArray tokens = m.create(batch.tokens(), new Shape(b, l));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray prefix =
            model.embedPrefix(m.create(batch.words(), new Shape(b, p)), m.create(conditional));
        NDArray logits = model.forward(prefix, tokens.get(new NDIndex(":, :{}", l - 1)));
        NDArray value =
            loss.evaluate(
                new NDList(tokens.flatten()),
                new NDList(logits.reshape((long) b * l, args.vocabSize())));
        collector.backward(value);
        return value.getFloat();
      }
    }
  }

  private Map<String, String> metadata(long step, double lossValue) {
    Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
    meta.put("config", args.name());
    meta.put("model_args", ModelArgsJson.write(args));
    meta.put("step", Long.toString(step));
    meta.put("loss", Double.toString(lossValue));
    meta.put("seed", Long.toString(config.seed()));
    return meta;
  }

  private void checkpoint(Weights weights, AdamW adam, long step, double lossValue)
      throws IOException {
    Map<String, NDArray> all = new LinkedHashMap<>(weights.all());
    all.putAll(adam.state());
    Path file =
        config.dir().resolve(String.format(Locale.ROOT, "checkpoint-%06d.safetensors", step));
    WeightsFile.writeTensors(file, all, metadata(step, lossValue));
    // Keep the two newest: the newest may be the one an interruption cut short.
    try (Stream<Path> old = checkpoints()) {
      old.sorted().limit(Math.max(0, countCheckpoints() - 2)).forEach(f -> f.toFile().delete());
    }
  }

  private long resume(Weights weights, AdamW adam, NDManager manager) throws IOException {
    Optional<Path> latest;
    try (Stream<Path> all = checkpoints()) {
      latest = all.max(Path::compareTo);
    }
    if (latest.isEmpty()) {
      if (config.resume()) {
        throw new IllegalStateException(
            "nothing to resume: "
                + config.dir()
                + " holds no checkpoint; run without --resume to start");
      }
      return 0;
    }
    if (!config.resume()) {
      throw new IllegalStateException(
          config.dir()
              + " already holds a run (newest checkpoint "
              + latest.get().getFileName()
              + "); pass --resume to continue it, or choose another --dir");
    }
    WeightsFile.Contents c = WeightsFile.read(latest.get(), manager);
    String trainedAs = c.metadata().get("model_args");
    if (trainedAs != null && !ModelArgsJson.read(trainedAs).equals(args)) {
      c.tensors().values().forEach(NDArray::close);
      throw new IllegalStateException(
          "the run in "
              + config.dir()
              + " trains "
              + trainedAs
              + ", not "
              + ModelArgsJson.write(args)
              + "; resume it with the same model options, or choose another --dir");
    }
    for (var e : extraMetadata.entrySet()) {
      String then = c.metadata().get(e.getKey());
      if (then != null && !then.equals(e.getValue())) {
        c.tensors().values().forEach(NDArray::close);
        throw new IllegalStateException(
            "the run in "
                + config.dir()
                + " was started with "
                + e.getKey()
                + "="
                + then
                + ", not "
                + e.getValue()
                + "; resume it with the same options, or choose another --dir");
      }
    }
    for (var e : weights.all().entrySet()) {
      e.getValue().set(c.tensors().get(e.getKey()).toFloatArray());
    }
    long step = Long.parseLong(c.metadata().get("step"));
    adam.restore(c.tensors(), step);
    c.tensors().values().forEach(NDArray::close);
    cutLog(step);
    System.err.println("resuming from " + latest.get() + " at step " + step);
    return step;
  }

  private static final java.util.regex.Pattern LOGGED_STEP =
      java.util.regex.Pattern.compile("^\\{\"step\": (\\d+),");

  /**
   * Drops the log lines of steps after the checkpoint: the interrupted run logged them, and the
   * resumed one will log them again (the same values: a batch depends only on seed and step).
   */
  private void cutLog(long step) throws IOException {
    Path log = config.dir().resolve("train-log.jsonl");
    if (!Files.exists(log)) {
      return;
    }
    List<String> lines = Files.readAllLines(log);
    List<String> kept =
        lines.stream()
            .filter(
                line -> {
                  java.util.regex.Matcher m = LOGGED_STEP.matcher(line);
                  return !m.find()
                      || Long.parseLong(m.group(1))
                          < step; // the checkpoint of step S holds steps 0..S-1
                })
            .toList();
    if (kept.size() != lines.size()) {
      Files.write(log, kept);
    }
  }

  private Stream<Path> checkpoints() throws IOException {
    return Files.list(config.dir())
        .filter(f -> f.getFileName().toString().matches("checkpoint-\\d+\\.safetensors"));
  }

  private long countCheckpoints() throws IOException {
    try (Stream<Path> s = checkpoints()) {
      return s.count();
    }
  }

  private void log(long step, double loss, double lr, double gradNorm, double tokensPerSecond) {
    String line =
        String.format(
            Locale.ROOT,
            "{\"step\": %d, \"loss\": %.5f, \"lr\": %.6g, \"grad_norm\": %.4f, \"tokens_per_s\": %.0f}%n",
            step,
            loss,
            lr,
            gradNorm,
            tokensPerSecond);
    try {
      Files.writeString(
          config.dir().resolve("train-log.jsonl"),
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
