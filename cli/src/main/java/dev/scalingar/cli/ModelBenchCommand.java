package dev.scalingar.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelBenchmark;
import dev.scalingar.model.Transformer;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.Weights;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.shapes.grammar.Vocabulary;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./scalingar model-bench}: the model's decoding speed figures, printed and saved as JSON. */
@Command(name = "model-bench", mixinStandardHelpOptions = true,
    description = "Decode-step latency and row-steps/s at 2, 16, 64 rows (mixed positions), prefill time, KV bytes per row, FLOP/s efficiency, "
        + "the fitted decode cost behind DecodeGroups, and a refilled batch stepped as one padded call against grouped calls.")
public final class ModelBenchCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;


  @Option(names = "--random", description = "Random weights of the shapes-v1 shape (speed does not depend on the values).")
  boolean random;

  @Option(names = "--iterations", defaultValue = "20") int iterations;

  @Option(names = "--out", defaultValue = "out/model-bench") Path out;

  @Override
  public Integer call() throws Exception {
    int[] rows = {2, 16, 64};
    try (TransformerImageModel model = open(64)) {
      ModelBenchmark.Figures f = ModelBenchmark.run(model, rows, iterations);
      System.out.printf(Locale.ROOT, "%s: %,d parameters, KV cache %,d bytes/row, prefill %.1f ms per 16 rows, matmul %.1f GFLOP/s%n",
          f.model(), f.parameters(), f.kvBytesPerRow(), f.prefillMsPer16Rows(), f.matmulGflops());
      System.out.println("rows  ms/step  row-steps/s  GFLOP/s  efficiency");
      for (var s : f.steps()) {
        System.out.printf(Locale.ROOT, "%4d  %7.2f  %11.0f  %7.2f  %10.3f%n", s.rows(), s.msPerStep(), s.rowStepsPerSecond(), s.gflops(), s.efficiency());
      }
      var c = f.decodeCost();
      System.out.printf(Locale.ROOT, "decode cost: %.2f ms per call + %.4f ms per trajectory + %.6f ms per trajectory-position (R² %.3f)%n",
          c.fixedMs(), c.perTrajectoryMs(), c.perPositionMs(), c.r2());
      System.out.printf(Locale.ROOT, "  as DecodeGroups: callOverhead %.0f, trajectoryCost %.0f (shipped: %.0f, %.0f)%n",
          c.groups().callOverhead(), c.groups().trajectoryCost(), DecodeGroups.CPU.callOverhead(), DecodeGroups.CPU.trajectoryCost());
      var m = f.mixedStep();
      System.out.printf(Locale.ROOT, "refilled batch, %d jobs × %d trajectories at positions %s: one padded call %.2f ms, %d grouped calls %.2f ms%n",
          m.positions().length, m.trajectoriesPerJob(), Arrays.toString(m.positions()), m.singleCallMs(), m.calls(), m.groupedMs());
      Files.createDirectories(out);
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("model-bench.json").toFile(), f);
      System.out.println("saved " + out.resolve("model-bench.json"));
    }
    return 0;
  }

  private TransformerImageModel open(int capacity) {
    if (!random) {
      return modelChoice.load(capacity);
    }
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    ModelArgs args = ShapesModels.shapesV1(tokenizer);
    NDManager manager = NDManager.newBaseManager();
    return new TransformerImageModel(new Transformer(Weights.initialise(args, manager, 1), manager), manager, capacity,
        Vocabulary::encode, grid -> ShapesModels.toBufferedImage(tokenizer.decode(grid)));
  }
}
