package dev.scalingar.model.llamagen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decode time of a VQ decoder with random weights of a configuration's shapes (time does not depend
 * on the values): one grid of codes to an image, the median of some runs.
 */
public final class VqBenchmark {

  /**
   * @param msPerImage median decode time of one grid (codebook look-up to 8-bit RGB)
   */
  public record Figures(
      String vq,
      int gridSize,
      int imageSize,
      long parameters,
      double msPerImage,
      double[] runsMs) {}

  private VqBenchmark() {}

  public static Figures run(VqArgs args, int gridSize, int runs, NDManager manager) {
    Map<String, NDArray> w = new LinkedHashMap<>();
    long parameters = 0;
    for (var e : args.decoderShapes().entrySet()) {
      Shape s = new Shape(e.getValue());
      w.put(
          e.getKey(),
          e.getKey().contains("norm")
              ? manager.ones(s)
              : manager.randomNormal(0, 0.02f, s, DataType.FLOAT32));
      parameters += s.size();
    }
    try (VqDecoder decoder = new VqDecoder(args, w)) {
      SplittableRandom random = new SplittableRandom(1);
      int[] grid = new int[gridSize * gridSize];
      Arrays.setAll(grid, i -> random.nextInt(args.codebookSize()));
      int size = decoder.decodeToImage(grid, gridSize, gridSize).getWidth(); // warm-up
      double[] ms = new double[runs];
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        decoder.decodeToImage(grid, gridSize, gridSize);
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
      double[] sorted = ms.clone();
      Arrays.sort(sorted);
      return new Figures(args.name(), gridSize, size, parameters, sorted[runs / 2], ms);
    }
  }
}
