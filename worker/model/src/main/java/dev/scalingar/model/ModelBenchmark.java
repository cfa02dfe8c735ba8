package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scalingar.engine.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decoding speed of a {@link TransformerImageModel}: step latency at several batch sizes with rows
 * at mixed positions (as in a continuous batch), prefill time, KV-cache bytes per row, and the
 * step's achieved FLOP/s against a plain matmul's FLOP/s measured in the same run.
 */
public final class ModelBenchmark {

  /** One batch size's figures. {@code rows} counts model rows (2 per trajectory). */
  public record StepFigures(int rows, double msPerStep, double rowStepsPerSecond, double gflops, double efficiency) {}

  public record Figures(String model, long parameters, long kvBytesPerRow, double prefillMsPer16Rows,
      double matmulGflops, List<StepFigures> steps) {}

  private ModelBenchmark() {}

  public static Figures run(TransformerImageModel model, int[] rowCounts, int iterations) {
    ModelArgs a = model.transformer().args();
    double matmul = matmulGflops(model.transformer().weights().get("norm.weight").getManager());
    SplittableRandom random = new SplittableRandom(7);
    int maxRows = model.info().rowCapacity();
    // Prefill time: 8 trajectories = 16 rows.
    List<ImageModel.Prefill> prefill = new ArrayList<>();
    for (int i = 0; i < Math.min(8, maxRows / 2); i++) {
      prefill.add(new ImageModel.Prefill(new ImageModel.Rows(2 * i, 2 * i + 1), "a red circle above a blue square"));
    }
    model.prefill(prefill);
    long t0 = System.nanoTime();
    for (int k = 0; k < iterations; k++) {
      model.prefill(prefill);
    }
    double prefillMs = (System.nanoTime() - t0) / 1e6 / iterations * (16.0 / (2 * prefill.size()));
    List<StepFigures> steps = new ArrayList<>();
    for (int rows : rowCounts) {
      if (rows > maxRows) {
        continue;
      }
      int trajectories = rows / 2;
      List<ImageModel.Decode> decode = new ArrayList<>();
      long flops = 0;
      for (int i = 0; i < trajectories; i++) {
        int position = random.nextInt(a.blockSize() - 1);
        decode.add(new ImageModel.Decode(new ImageModel.Rows(2 * i, 2 * i + 1), position, random.nextInt(a.vocabSize())));
        flops += 2 * flopsPerRow(a, a.clsTokenNum() + position + 1);
      }
      for (int k = 0; k < 3; k++) {
        model.step(decode);
      }
      long ts = System.nanoTime();
      for (int k = 0; k < iterations; k++) {
        model.step(decode);
      }
      double seconds = (System.nanoTime() - ts) / 1e9 / iterations;
      double gflops = flops / seconds / 1e9;
      steps.add(new StepFigures(rows, seconds * 1e3, rows / seconds, gflops, gflops / matmul));
    }
    return new Figures(a.name(), a.parameterCount(), model.cacheBytesPerRow(), prefillMs, matmul, steps);
  }

  /** Multiply-adds ×2 of one row's decoding step attending to {@code context} positions. */
  static long flopsPerRow(ModelArgs a, int context) {
    long d = a.dim();
    long perLayer = 3 * d * d + d * d + 3 * d * a.ffnHidden() + 2 * d * context;
    return 2 * (a.nLayer() * perLayer + d * a.vocabSize());
  }

  /** GFLOP/s of a 1024³ float32 matmul on the same engine and threads. */
  static double matmulGflops(NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.randomUniform(-1, 1, new Shape(1024, 1024), DataType.FLOAT32);
      NDArray y = m.randomUniform(-1, 1, new Shape(1024, 1024), DataType.FLOAT32);
      x.matMul(y).close();
      int reps = 10;
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        x.matMul(y).close();
      }
      double s = (System.nanoTime() - t0) / 1e9 / reps;
      return 2.0 * 1024 * 1024 * 1024 / s / 1e9;
    }
  }
}
