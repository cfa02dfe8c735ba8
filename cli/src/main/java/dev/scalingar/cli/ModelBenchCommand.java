package dev.scalingar.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelBenchmark;
import dev.scalingar.model.StepProfile;
import dev.scalingar.model.StepSamples;
import dev.scalingar.model.Transformer;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.Weights;
import dev.scalingar.model.llamagen.ClassPrefix;
import dev.scalingar.model.llamagen.VqArgs;
import dev.scalingar.model.llamagen.VqBenchmark;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.shapes.grammar.Vocabulary;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar model-bench}: the model's decoding speed figures, printed and saved as JSON.
 */
@Command(
    name = "model-bench",
    mixinStandardHelpOptions = true,
    description =
        "Decode-step latency and row-steps/s at 2, 16, 64 rows (mixed positions), prefill time, KV bytes per row, FLOP/s efficiency, "
            + "the fitted decode cost behind DecodeGroups, and a refilled batch stepped as one padded call against grouped calls.")
public final class ModelBenchCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--random",
      description = "Random weights of the shapes-v1 shape (speed does not depend on the values).")
  boolean random;

  @Option(
      names = "--config",
      paramLabel = "GPT-B|GPT-L|GPT-XL",
      description =
          "Random weights of a LlamaGen c2i configuration instead (implies --random; prompts are classes).")
  String config;

  @Option(
      names = "--steps-only",
      description =
          "Step latencies and prefill only: skip the decode cost fit and the refilled batch.")
  boolean stepsOnly;

  @Option(
      names = "--vq",
      paramLabel = "VQ-16|FILE.json",
      description =
          "Also time the VQ decoder on random weights of this configuration (one grid to an image).")
  String vq;

  @Option(
      names = "--vq-grid",
      defaultValue = "16",
      description = "Codes per side of the timed VQ grid (default: ${DEFAULT-VALUE}).")
  int vqGrid;

  @Option(
      names = "--profile",
      description =
          "Instead: where a decoding step's time goes (PyTorch's profiler, per operator"
              + " and kind, and the time outside every operator) and JFR's method samples (Java against native calls, by JNI method and caller),"
              + " at 16 and 64 rows; writes profile.json, samples.json, the Chrome traces and the JFR recordings.")
  boolean profile;

  @Option(
      names = "--sampling-seconds",
      defaultValue = "5",
      description =
          "With --profile: how long JFR samples the steps at each size (default: ${DEFAULT-VALUE}; 10 ms between samples).")
  int samplingSeconds;

  @Option(names = "--iterations", defaultValue = "20")
  int iterations;

  @Option(names = "--out", defaultValue = "out/model-bench")
  Path out;

  private int profile() throws Exception {
    List<StepProfile.Figures> all = new ArrayList<>();
    List<StepSamples.Figures> sampled = new ArrayList<>();
    try (TransformerImageModel model = open(64)) {
      for (int rows : new int[] {16, 64}) {
        var decode = StepProfile.lockstep(model, rows);
        StepSamples.Figures j =
            StepSamples.run(
                () -> model.step(decode),
                Duration.ofSeconds(samplingSeconds),
                out.resolve("steps-" + rows + "-rows.jfr"));
        sampled.add(j);
        System.out.printf(
            Locale.ROOT,
            "%d rows, JFR over %d steps (%.2f ms/step): %d samples in Java, %d in native calls (%.0f %% of the step)%n",
            rows,
            j.steps(),
            j.msPerStep(),
            j.javaSamples(),
            j.nativeSamples(),
            100 * j.nativeShare());
        System.out.println(
            "  native method                     called from                    share");
        for (StepSamples.Site site : j.sites().subList(0, Math.min(10, j.sites().size()))) {
          System.out.printf(
              Locale.ROOT,
              "  %-33s %-30s %5.1f %%%n",
              site.nativeMethod(),
              site.caller(),
              100.0 * site.samples() / Math.max(1, j.javaSamples() + j.nativeSamples()));
        }
        StepProfile.Figures f =
            StepProfile.run(model, rows, iterations, out.resolve("trace-" + rows + "-rows.json"));
        all.add(f);
        System.out.printf(
            Locale.ROOT,
            "%s, %d rows: %.2f ms/step (%.2f under the profiler), PyTorch operators %.2f ms in %.0f calls,"
                + " outside them %.2f ms (%.1f µs per call)%n",
            f.model(),
            f.rows(),
            f.wallMsPerStep(),
            f.profiledMsPerStep(),
            f.opsMsPerStep(),
            f.topLevelOpsPerStep(),
            f.outsideOpsMsPerStep(),
            1e3 * f.outsideOpsMsPerStep() / f.topLevelOpsPerStep());
        System.out.println("  kind              calls/step  self ms/step");
        for (StepProfile.KindTime k : f.kinds()) {
          System.out.printf(
              Locale.ROOT,
              "  %-16s %11.0f %13.3f%n",
              k.kind(),
              k.callsPerStep(),
              k.selfMsPerStep());
        }
        System.out.println("  top operators     calls/step  self ms/step");
        for (StepProfile.OpTime o : f.ops().subList(0, Math.min(12, f.ops().size()))) {
          System.out.printf(
              Locale.ROOT, "  %-22s %6.0f %13.3f%n", o.op(), o.callsPerStep(), o.selfMsPerStep());
        }
      }
    }
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("profile.json").toFile(), all);
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("samples.json").toFile(), sampled);
    System.out.println(
        "saved "
            + out.resolve("profile.json")
            + ", "
            + out.resolve("samples.json")
            + " and the recordings");
    return 0;
  }

  @Override
  public Integer call() throws Exception {
    int[] rows = {2, 16, 64};
    Files.createDirectories(out);
    if (vq != null) {
      benchVq();
    }
    if (profile) {
      return profile();
    }
    try (TransformerImageModel model = open(64)) {
      String prompt = config == null ? "a red circle above a blue square" : "207";
      ModelBenchmark.Figures f = ModelBenchmark.run(model, rows, iterations, prompt, !stepsOnly);
      System.out.printf(
          Locale.ROOT,
          "%s: %,d parameters, KV cache %,d bytes/row, prefill %.1f ms per 16 rows, matmul %.1f GFLOP/s at the start%n",
          f.model(),
          f.parameters(),
          f.kvBytesPerRow(),
          f.prefillMsPer16Rows(),
          f.matmulGflops());
      // the peak beside each row is the matmul timed in rounds alternating with that step's
      System.out.println("rows  ms/step  row-steps/s  GFLOP/s  matmul GFLOP/s  efficiency");
      for (var s : f.steps()) {
        System.out.printf(
            Locale.ROOT,
            "%4d  %7.2f  %11.0f  %7.2f  %14.1f  %10.3f%n",
            s.rows(),
            s.msPerStep(),
            s.rowStepsPerSecond(),
            s.gflops(),
            s.matmulGflops(),
            s.efficiency());
      }
      if (stepsOnly) {
        new ObjectMapper()
            .writerWithDefaultPrettyPrinter()
            .writeValue(out.resolve("model-bench.json").toFile(), f);
        System.out.println("saved " + out.resolve("model-bench.json"));
        return 0;
      }
      var c = f.decodeCost();
      System.out.printf(
          Locale.ROOT,
          "decode cost: %.2f ms per call + %.4f ms per trajectory + %.6f ms per trajectory-position (R² %.3f)%n",
          c.fixedMs(),
          c.perTrajectoryMs(),
          c.perPositionMs(),
          c.r2());
      System.out.printf(
          Locale.ROOT,
          "  as DecodeGroups: callOverhead %.0f, trajectoryCost %.0f (shipped: %.0f, %.0f)%n",
          c.groups().callOverhead(),
          c.groups().trajectoryCost(),
          DecodeGroups.CPU.callOverhead(),
          DecodeGroups.CPU.trajectoryCost());
      var m = f.mixedStep();
      System.out.printf(
          Locale.ROOT,
          "refilled batch, %d jobs × %d trajectories at positions %s: one padded call %.2f ms, %d grouped calls %.2f ms%n",
          m.positions().length,
          m.trajectoriesPerJob(),
          Arrays.toString(m.positions()),
          m.singleCallMs(),
          m.calls(),
          m.groupedMs());
      var sc = f.scatteredStep();
      System.out.printf(
          Locale.ROOT,
          "%d trajectories at position %d: dense in the lowest slots %.2f ms, scattered over slots %s %.2f ms (%.2f×)%n",
          sc.trajectories(),
          sc.position(),
          sc.denseMs(),
          Arrays.toString(sc.scatteredSlots()),
          sc.scatteredMs(),
          sc.scatteredMs() / sc.denseMs());
      var ad = f.admittingStep();
      System.out.printf(
          Locale.ROOT,
          "admitting %d trajectories beside %d decoding: prefill and step apart %.2f ms, one forward %.2f ms (%.2f×)%n",
          ad.admitted(),
          ad.decoding(),
          ad.apartMs(),
          ad.forwardMs(),
          ad.apartMs() / ad.forwardMs());
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(out.resolve("model-bench.json").toFile(), f);
      System.out.println("saved " + out.resolve("model-bench.json"));
    }
    return 0;
  }

  private void benchVq() throws java.io.IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      VqBenchmark.Figures v =
          VqBenchmark.run(VqArgs.resolve(vq), vqGrid, Math.max(3, iterations / 4), manager);
      System.out.printf(
          Locale.ROOT,
          "%s decoder (random weights, %,d parameters): %d×%d codes → %d×%d px in %.0f ms (median of %d)%n",
          v.vq(),
          v.parameters(),
          v.gridSize(),
          v.gridSize(),
          v.imageSize(),
          v.imageSize(),
          v.msPerImage(),
          v.runsMs().length);
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(out.resolve("vq-bench.json").toFile(), v);
    }
  }

  private TransformerImageModel open(int capacity) {
    if (config != null) {
      ModelArgs args = ModelArgs.llamaGen(config);
      NDManager manager = NDManager.newBaseManager();
      Weights w = Weights.initialise(args, manager, 1);
      return new TransformerImageModel(
          new Transformer(w, manager),
          manager,
          capacity,
          ClassPrefix.forModel(args),
          grid -> new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB),
          DecodeGroups.CPU,
          "",
          new TransformerImageModel.Serving(2000, -1));
    }
    if (!random) {
      return modelChoice.load(capacity);
    }
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    ModelArgs args = ShapesModels.shapesV1(tokenizer);
    NDManager manager = NDManager.newBaseManager();
    return new TransformerImageModel(
        new Transformer(Weights.initialise(args, manager, 1), manager),
        manager,
        capacity,
        Vocabulary::encode,
        grid -> ShapesModels.toBufferedImage(tokenizer.decode(grid)));
  }
}
