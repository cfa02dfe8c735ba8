package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scalingar.engine.model.ImageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Decoding speed of a {@link TransformerImageModel}: step latency at several batch sizes with rows
 * at mixed positions (as in a continuous batch), prefill time, KV-cache bytes per row, and the
 * step's achieved FLOP/s against a plain matmul's FLOP/s measured in the same run; the decode cost
 * line that {@link DecodeGroups} plans with, fitted to this machine; and a refilled batch stepped
 * as one padded call against the calls the planner picks.
 */
public final class ModelBenchmark {

  /**
   * One batch size's figures. {@code rows} counts model rows (2 per trajectory); {@code
   * matmulGflops} is the 1024³ matmul timed in rounds alternating with this step's (medians of
   * each), and {@code efficiency} is the step's GFLOP/s over it: this machine's speed drifts by
   * tens of percent within minutes, so a peak timed once at the start would make the ratio drift.
   */
  public record StepFigures(
      int rows,
      double msPerStep,
      double rowStepsPerSecond,
      double gflops,
      double matmulGflops,
      double efficiency) {}

  /**
   * The decode cost model behind {@link DecodeGroups}, fitted by least squares to lockstep steps:
   * ms = fixed + perTrajectory·t + perPosition·t·length. {@code groups} expresses it in
   * trajectory-positions; {@code r2} says how well the line fits.
   */
  public record DecodeCost(
      double fixedMs,
      double perTrajectoryMs,
      double perPositionMs,
      double r2,
      DecodeGroups groups,
      List<CostSample> samples) {}

  /**
   * One timed lockstep call: {@code trajectories} rows pairs attending to {@code length} positions.
   */
  public record CostSample(int trajectories, int length, double ms) {}

  /**
   * A continuous batch after refill: one job of {@code trajectoriesPerJob} at each position given,
   * stepped as one padded call and as the calls {@link DecodeGroups#CPU} plans (medians of
   * alternating rounds).
   */
  public record MixedStep(
      int[] positions, int trajectoriesPerJob, double singleCallMs, double groupedMs, int calls) {}

  /**
   * What a step's rows cost when they are scattered over the cache instead of dense: {@code
   * trajectories} at one position in the lowest slots, and spread evenly over every slot (as
   * pruning leaves them when the engine does not compact its rows), medians of alternating rounds.
   */
  public record ScatteredStep(
      int trajectories, int position, int[] scatteredSlots, double denseMs, double scatteredMs) {}

  /**
   * A step that admits a job beside running ones: {@code admitted} trajectories prefilled while
   * {@code decoding} decode at the positions of {@link #mixedStep}'s jobs but the youngest, run as
   * a prefill call and the planned decode calls apart ({@link ImageModel#prefill}, then {@link
   * ImageModel#step}) and as one {@link ImageModel#forward} (medians of alternating rounds).
   */
  public record AdmittingStep(int admitted, int decoding, double apartMs, double forwardMs) {}

  /**
   * A run's figures. {@code matmulGflops} is the 1024³ matmul timed once, at the start; each step's
   * efficiency is against the one timed beside it ({@link StepFigures#matmulGflops}).
   */
  public record Figures(
      String model,
      long parameters,
      long kvBytesPerRow,
      double prefillMsPer16Rows,
      double matmulGflops,
      List<StepFigures> steps,
      DecodeCost decodeCost,
      MixedStep mixedStep,
      ScatteredStep scatteredStep,
      AdmittingStep admittingStep) {}

  private ModelBenchmark() {}

  public static Figures run(TransformerImageModel model, int[] rowCounts, int iterations) {
    return run(model, rowCounts, iterations, "a red circle above a blue square", true);
  }

  /**
   * @param prompt a prompt the model accepts (a class such as "207" for LlamaGen c2i)
   * @param fitCost false skips the decode cost fit and the refilled-batch comparison (a big model
   *     on a shared CPU: step figures only; those two fields are then null)
   */
  public static Figures run(
      TransformerImageModel model,
      int[] rowCounts,
      int iterations,
      String prompt,
      boolean fitCost) {
    ModelArgs a = model.transformer().args();
    NDManager weightsManager = model.transformer().weights().get("norm.weight").getManager();
    double matmul = matmulGflops(weightsManager);
    SplittableRandom random = new SplittableRandom(7);
    int maxRows = model.info().rowCapacity();
    // Prefill time: 8 trajectories = 16 rows.
    List<ImageModel.Prefill> prefill = new ArrayList<>();
    for (int i = 0; i < Math.min(8, maxRows / 2); i++) {
      prefill.add(new ImageModel.Prefill(new ImageModel.Rows(2 * i, 2 * i + 1), prompt));
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
        decode.add(
            new ImageModel.Decode(
                new ImageModel.Rows(2 * i, 2 * i + 1), position, random.nextInt(a.vocabSize())));
        flops += 2 * flopsPerRow(a, a.clsTokenNum() + position + 1);
      }
      double[] ms;
      try (NDManager m = weightsManager.newSubManager()) {
        Runnable peak = matmul1024(m);
        ms = alternatingMedians(() -> model.step(decode), peak, iterations);
      }
      double seconds = ms[0] / 1e3;
      double gflops = flops / seconds / 1e9;
      double peakGflops = MATMUL_FLOPS / (ms[1] / 1e3) / 1e9;
      steps.add(
          new StepFigures(
              rows, seconds * 1e3, rows / seconds, gflops, peakGflops, gflops / peakGflops));
    }
    if (!fitCost) {
      return new Figures(
          a.name(),
          a.parameterCount(),
          model.cacheBytesPerRow(),
          prefillMs,
          matmul,
          steps,
          null,
          null,
          null,
          null);
    }
    DecodeCost cost = decodeCost(model, iterations);
    return new Figures(
        a.name(),
        a.parameterCount(),
        model.cacheBytesPerRow(),
        prefillMs,
        matmul,
        steps,
        cost,
        mixedStep(model, iterations),
        scatteredStep(model, iterations),
        admittingStep(model, prompt, iterations));
  }

  /** Refill's admitting step: one job prefilled beside three decoding, apart and in one call. */
  static AdmittingStep admittingStep(TransformerImageModel model, String prompt, int iterations) {
    int blockSize = model.transformer().args().blockSize();
    int perJob = Math.min(8, model.info().rowCapacity() / 8);
    int[] positions = {blockSize - 2, (3 * blockSize) / 4, blockSize / 2};
    List<ImageModel.Decode> decode = jobsAt(positions, perJob);
    List<ImageModel.Prefill> admitted = new ArrayList<>();
    for (int i = positions.length * perJob; i < (positions.length + 1) * perJob; i++) {
      admitted.add(new ImageModel.Prefill(new ImageModel.Rows(2 * i, 2 * i + 1), prompt));
    }
    double[] ms =
        alternatingMedians(
            () -> {
              model.prefill(admitted);
              model.step(decode);
            },
            () -> model.forward(admitted, decode),
            iterations);
    return new AdmittingStep(admitted.size(), decode.size(), ms[0], ms[1]);
  }

  /** Eight trajectories (or all, if fewer) dense in the lowest slots against spread over all. */
  static ScatteredStep scatteredStep(TransformerImageModel model, int iterations) {
    int slots = model.info().rowCapacity() / 2;
    int trajectories = Math.min(8, slots);
    int position = model.transformer().args().blockSize() / 2;
    int[] spread = new int[trajectories];
    List<ImageModel.Decode> dense = new ArrayList<>();
    List<ImageModel.Decode> scattered = new ArrayList<>();
    for (int i = 0; i < trajectories; i++) {
      spread[i] = (int) ((long) i * slots / trajectories + (slots / trajectories) / 2);
      dense.add(new ImageModel.Decode(new ImageModel.Rows(2 * i, 2 * i + 1), position, i % 7));
      scattered.add(
          new ImageModel.Decode(
              new ImageModel.Rows(2 * spread[i], 2 * spread[i] + 1), position, i % 7));
    }
    double[] ms =
        alternatingMedians(() -> model.step(dense), () -> model.step(scattered), iterations);
    return new ScatteredStep(trajectories, position, spread, ms[0], ms[1]);
  }

  /**
   * Times {@code a} and {@code b} alternately over several rounds and keeps each one's median
   * milliseconds: this machine's speed drifts by tens of percent over minutes, which would
   * otherwise decide the comparison.
   */
  private static double[] alternatingMedians(Runnable a, Runnable b, int iterations) {
    int rounds = 7;
    double[] first = new double[rounds];
    double[] second = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      first[r] = timeMs(a, iterations);
      second[r] = timeMs(b, iterations);
    }
    return new double[] {median(first), median(second)};
  }

  /**
   * Times single calls with every trajectory at one position over a grid of sizes, and fits the
   * cost line.
   */
  public static DecodeCost decodeCost(TransformerImageModel model, int iterations) {
    ModelArgs a = model.transformer().args();
    int maxTrajectories = model.info().rowCapacity() / 2;
    List<CostSample> timed = new ArrayList<>();
    for (int t : new int[] {1, 4, 8, 16, 32}) {
      if (t > maxTrajectories) {
        continue;
      }
      for (int position : new int[] {0, a.blockSize() / 4, a.blockSize() / 2, a.blockSize() - 2}) {
        List<ImageModel.Decode> decode = lockstep(0, t, position);
        double ms = timeMs(() -> model.step(decode, DecodeGroups.SINGLE_CALL), iterations);
        int length = a.clsTokenNum() + position + 1;
        timed.add(new CostSample(t, length, ms));
      }
    }
    double[] fit =
        leastSquares(
            timed.stream()
                .map(
                    c ->
                        new double[] {
                          c.trajectories(), (double) c.trajectories() * c.length(), c.ms()
                        })
                .toList());
    double perPosition = Math.max(fit[2], 1e-9);
    DecodeGroups groups =
        new DecodeGroups(Math.max(0, fit[0] / perPosition), Math.max(0, fit[1] / perPosition));
    return new DecodeCost(fit[0], fit[1], fit[2], fit[3], groups, List.copyOf(timed));
  }

  /**
   * Four jobs at the ages a refilled 32-slot batch typically holds, one padded call against the
   * planned calls.
   */
  static MixedStep mixedStep(TransformerImageModel model, int iterations) {
    int blockSize = model.transformer().args().blockSize();
    int perJob = Math.min(8, model.info().rowCapacity() / 8);
    int[] positions = {blockSize - 2, (3 * blockSize) / 4, blockSize / 2, 4};
    List<ImageModel.Decode> decode = jobsAt(positions, perJob);
    double[] ms =
        alternatingMedians(
            () -> model.step(decode, DecodeGroups.SINGLE_CALL),
            () -> model.step(decode, DecodeGroups.CPU),
            iterations);
    int prefix = model.transformer().args().clsTokenNum();
    int[] lengths = decode.stream().mapToInt(d -> prefix + d.position() + 1).toArray();
    return new MixedStep(positions, perJob, ms[0], ms[1], DecodeGroups.CPU.plan(lengths).size());
  }

  /** One job of {@code perJob} trajectories at each position, in consecutive slots from 0. */
  private static List<ImageModel.Decode> jobsAt(int[] positions, int perJob) {
    List<ImageModel.Decode> decode = new ArrayList<>();
    for (int j = 0; j < positions.length; j++) {
      decode.addAll(lockstep(j * perJob, perJob, positions[j]));
    }
    return decode;
  }

  private static List<ImageModel.Decode> lockstep(
      int firstTrajectory, int trajectories, int position) {
    List<ImageModel.Decode> decode = new ArrayList<>();
    for (int i = firstTrajectory; i < firstTrajectory + trajectories; i++) {
      decode.add(new ImageModel.Decode(new ImageModel.Rows(2 * i, 2 * i + 1), position, i % 7));
    }
    return decode;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double timeMs(Runnable step, int iterations) {
    for (int k = 0; k < 3; k++) {
      step.run();
    }
    long t0 = System.nanoTime();
    for (int k = 0; k < iterations; k++) {
      step.run();
    }
    return (System.nanoTime() - t0) / 1e6 / iterations;
  }

  /** Ordinary least squares of ms on (1, x1, x2) for rows {x1, x2, ms}: {b0, b1, b2, R²}. */
  public static double[] leastSquares(List<double[]> samples) {
    double[] y = samples.stream().mapToDouble(s -> s[2]).toArray();
    double[][] x = samples.stream().map(s -> new double[] {s[0], s[1]}).toArray(double[][]::new);
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] b = ols.estimateRegressionParameters();
    return new double[] {b[0], b[1], b[2], ols.calculateRSquared()};
  }

  /** Multiply-adds ×2 of one row's decoding step attending to {@code context} positions. */
  static long flopsPerRow(ModelArgs a, int context) {
    long d = a.dim();
    long perLayer = 3 * d * d + d * d + 3 * d * a.ffnHidden() + 2 * d * context;
    return 2 * (a.nLayer() * perLayer + d * a.vocabSize());
  }

  private static final double MATMUL_FLOPS = 2.0 * 1024 * 1024 * 1024;

  /** GFLOP/s of a 1024³ float32 matmul on the same engine and threads. */
  public static double matmulGflops(NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      return MATMUL_FLOPS / (timeMs(matmul1024(m), 10) / 1e3) / 1e9;
    }
  }

  /** One 1024³ float32 matmul of two random matrices made in {@code m}, the product dropped. */
  private static Runnable matmul1024(NDManager m) {
    NDArray x = m.randomUniform(-1, 1, new Shape(1024, 1024), DataType.FLOAT32);
    NDArray y = m.randomUniform(-1, 1, new Shape(1024, 1024), DataType.FLOAT32);
    return () -> x.matMul(y).close();
  }
}
