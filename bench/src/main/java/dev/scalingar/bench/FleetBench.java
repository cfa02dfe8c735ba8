package dev.scalingar.bench;

import dev.scalingar.engine.Admission;
import dev.scalingar.engine.Engine;
import dev.scalingar.engine.EngineJob;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;
import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import dev.scalingar.worker.ServedSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code ./scalingar bench-fleet}: what refilling pruned slots does to throughput. The same jobs
 * (prompts, seeds, N) are all queued at once on one engine, more than its slots hold, under each
 * configuration: ScalingAR with refill, ScalingAR in static batches (a slot freed by pruning idles
 * until the whole batch ends), best-of-N in static batches; in process, so the figures are the
 * engine's without transport.
 */
public final class FleetBench {

  /** One configuration of the fleet comparison. */
  public record Config(String name, String strategy, Gate gate, Admission admission, String note) {}

  /**
   * Which sampler configuration a row runs: the gate a worker serves the model with (its shipped
   * calibration and chosen gate, as {@code bench}'s {@code scalingar} arm), or the paper's values.
   */
  public enum Gate {
    SERVED,
    PAPER
  }

  /**
   * @param makespanSeconds first submission to last completion, the mean over the row's rounds
   * @param jobsPerMinute jobs over that makespan
   * @param utilisation busy trajectory slots over all slots, averaged over engine steps
   * @param p50Seconds median job latency (queued + running)
   * @param accuracy ShapesEval overall (mean of tasks) of the selected images
   * @param tokensPerJob visual tokens per job
   * @param predictedCostPerJob the model's own cost line summed over every decoding step, per job:
   *     what the fitted line predicts the configuration costs, free of the machine's drift between
   *     rows (trajectory-positions for a transformer)
   * @param decodeSteps decoding steps the model ran (engine steps that decoded)
   * @param modelSeconds time inside the model's calls ({@link StepReport#modelNanos}), the mean
   *     over the row's rounds: the makespan less this is the engine's own work (planning, sampling,
   *     the gate, judging finished images), which no model cost line sees
   * @param jobsPerMinuteByRound each round's own jobs/min, in the order the rounds ran (latencies
   *     are pooled over them; counts, tokens, accuracy and cost are the same in every round)
   */
  public record Row(
      String name,
      String note,
      int jobs,
      double makespanSeconds,
      double jobsPerMinute,
      double utilisation,
      double p50Seconds,
      double p95Seconds,
      double accuracy,
      double tokensPerJob,
      long steps,
      double predictedCostPerJob,
      long decodeSteps,
      double modelSeconds,
      List<Double> jobsPerMinuteByRound) {}

  /**
   * @param adaptiveOverBest the cost-aware admission's jobs/min over the better of refill and
   *     static (same gate, same jobs, same run; goal ≥ 1)
   * @param cohortWaitSteps the cost-aware admission's bound on holding a job that fits
   * @param predictedAdaptiveOverBest the same ratio by the cost line's predicted cost per job (the
   *     better of refill and static over adaptive's cost: > 1 when adaptive is cheaper)
   * @param decodeGroups the decode planner the engine ran with, as {@code SCALINGAR_DECODE_GROUPS}
   *     reads it ({@code callOverhead,trajectoryCost} or {@code single}); its ratios are the line
   *     the cost-aware admission decided by. Null for a model without one.
   * @param rounds how many times each row ran, in a palindromic order ({@link #RUN_ORDER}, then in
   *     reverse, …) so that a drift of the machine's speed that is linear in time weighs on every
   *     row alike
   * @param prefill how a step's prefills ran: {@code fused} into its first decode call ({@code
   *     TransformerImageModel.forward}), or {@code apart}, a call of their own (a model without the
   *     fused call; every fleet.json before 2026-12-03's, which lack the field)
   */
  public record Result(
      int jobs,
      int n,
      int slots,
      String set,
      List<Row> rows,
      double refillOverBonStatic,
      double refillOverStatic,
      double adaptiveOverBest,
      int cohortWaitSteps,
      double predictedAdaptiveOverBest,
      String decodeGroups,
      int rounds,
      String prefill,
      LockstepLine lockstepLine) {}

  /**
   * (a), (b) and (d) use the served gate, what the fleet runs (the paper's values prune almost
   * nothing here); (a') shows that.
   */
  public static List<Config> configs() {
    return List.of(
        new Config(
            "scalingar_refill",
            "scalingar",
            Gate.SERVED,
            Admission.REFILL,
            "(a) ScalingAR (served gate), refill"),
        new Config(
            "scalingar_static",
            "scalingar",
            Gate.SERVED,
            Admission.STATIC,
            "(b) ScalingAR (served gate), static batches"),
        new Config(
            "bon_static", "bon", Gate.PAPER, Admission.STATIC, "(c) best-of-N, static batches"),
        new Config(
            "scalingar_paper_refill",
            "scalingar",
            Gate.PAPER,
            Admission.REFILL,
            "(a') ScalingAR (paper values), refill"),
        new Config(
            "scalingar_adaptive",
            "scalingar",
            Gate.SERVED,
            Admission.ADAPTIVE,
            "(d) ScalingAR (served gate), cost-aware admission (the default)"));
  }

  private FleetBench() {}

  /**
   * The order rows run in, each round (reversed every other round): the three rows the headline
   * ratios compare (static, refill, adaptive) next to each other, adaptive in the middle of the
   * palindrome so that refill runs just before it in one round and just after it in the next. The
   * machine's speed moves by tens of percent within minutes, and not only linearly, so rows a
   * best-of-N row apart (80 s) compared less fairly than neighbours do. Before 2026-12-03 evening
   * the rows ran in {@link #configs()}' order. The output keeps that order.
   */
  static final List<String> RUN_ORDER =
      List.of(
          "bon_static",
          "scalingar_paper_refill",
          "scalingar_static",
          "scalingar_refill",
          "scalingar_adaptive");

  static List<Config> runOrder(List<Config> configs) {
    return RUN_ORDER.stream()
        .map(name -> configs.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow())
        .toList();
  }

  /**
   * Rounds of every row by default: two, A B … E E … B A. This machine's speed drifts by tens of
   * percent over the minutes a run takes, more than the rows' differences, and one row after
   * another in a single pass measured that drift (identical schedules 0.74–1.53 × apart).
   */
  public static final int DEFAULT_ROUNDS = 2;

  public static Result run(
      ImageModel model, String set, int jobs, int n, long seed, Path out, IntConsumer progress)
      throws IOException {
    return run(model, set, jobs, n, seed, EngineOptions.defaults(), DEFAULT_ROUNDS, out, progress);
  }

  /**
   * @param engine the engine's options for every row, each row with its own admission
   * @param rounds how many times each row runs (palindromic order, see {@link Result#rounds})
   * @param progress jobs done so far, over every row and round
   */
  public static Result run(
      ImageModel model,
      String set,
      int jobs,
      int n,
      long seed,
      EngineOptions engine,
      int rounds,
      Path out,
      IntConsumer progress)
      throws IOException {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
    }
    BenchOptions prompts =
        new BenchOptions(
            set,
            jobs,
            List.of(),
            n,
            List.of(),
            List.of(),
            false,
            seed,
            model.info().rowCapacity(),
            List.of(),
            SamplerConfig.paperDefaults());
    List<BenchRunner.Prompt> chosen = BenchRunner.prompts(prompts);
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    // What a worker serves this model with: its shipped calibration and the chosen gate.
    Map<Gate, SamplerConfig> gates =
        Map.of(
            Gate.SERVED,
            ServedSampler.load("shipped", model).served(),
            Gate.PAPER,
            SamplerConfig.paperDefaults());
    List<Config> configs = configs();
    Map<String, List<Round>> measured = new LinkedHashMap<>();
    configs.forEach(c -> measured.put(c.name(), new ArrayList<>()));
    List<Config> inTurn = runOrder(configs);
    List<Config> reversed = new ArrayList<>(inTurn);
    Collections.reverse(reversed);
    int done = 0;
    for (int round = 0; round < rounds; round++) {
      List<Config> order = round % 2 == 0 ? inTurn : reversed;
      for (Config c : order) {
        measured
            .get(c.name())
            .add(
                run(
                    model,
                    engine.withAdmission(c.admission()),
                    tokenizer,
                    c,
                    gates.get(c.gate()),
                    chosen,
                    n,
                    prompts,
                    done,
                    progress));
        done += chosen.size();
      }
    }
    List<Row> rows = measured.values().stream().map(FleetBench::merge).toList();
    double a = jobsPerMinute(rows, "scalingar_refill"), b = jobsPerMinute(rows, "scalingar_static");
    Result result =
        new Result(
            chosen.size(),
            n,
            model.info().rowCapacity() / 2,
            set,
            rows,
            a / jobsPerMinute(rows, "bon_static"),
            a / b,
            jobsPerMinute(rows, "scalingar_adaptive") / Math.max(a, b),
            engine.cohortWaitSteps(),
            Math.min(cost(rows, "scalingar_refill"), cost(rows, "scalingar_static"))
                / cost(rows, "scalingar_adaptive"),
            model instanceof TransformerImageModel t ? t.decodeGroups().spec() : null,
            rounds,
            model instanceof TransformerImageModel ? "fused" : "apart",
            LockstepLine.fit(
                    measured.values().stream()
                        .flatMap(List::stream)
                        .flatMap(r -> r.lockstep().stream())
                        .toList(),
                    model instanceof TransformerImageModel t
                        ? t.transformer().args().clsTokenNum()
                        : 0)
                .orElse(null));
    Files.createDirectories(out);
    ResultsStore.JSON
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("fleet.json").toFile(), result);
    BitmapEncoder.saveBitmap(
        chart(result), out.resolve("fleet.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    return result;
  }

  private static double jobsPerMinute(List<Row> rows, String name) {
    return row(rows, name).jobsPerMinute();
  }

  private static double cost(List<Row> rows, String name) {
    return row(rows, name).predictedCostPerJob();
  }

  private static Row row(List<Row> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * One round of a row: its figures, its job latencies (sorted) for pooling, and its timed lockstep
   * steps.
   */
  private record Round(Row row, double[] latencies, List<CostMeter.LockstepStep> lockstep) {}

  /** A row over its rounds: mean makespan, pooled latencies, each round's jobs/min. */
  private static Row merge(List<Round> rounds) {
    Row first = rounds.get(0).row();
    double makespan =
        rounds.stream().mapToDouble(r -> r.row().makespanSeconds()).average().orElseThrow();
    double[] pooled =
        rounds.stream().flatMapToDouble(r -> Arrays.stream(r.latencies())).sorted().toArray();
    return new Row(
        first.name(),
        first.note(),
        first.jobs(),
        makespan,
        first.jobs() * 60.0 / makespan,
        rounds.stream().mapToDouble(r -> r.row().utilisation()).average().orElseThrow(),
        percentile(pooled, 0.5),
        percentile(pooled, 0.95),
        first.accuracy(),
        first.tokensPerJob(),
        first.steps(),
        first.predictedCostPerJob(),
        first.decodeSteps(),
        rounds.stream().mapToDouble(r -> r.row().modelSeconds()).average().orElseThrow(),
        rounds.stream().map(r -> r.row().jobsPerMinute()).toList());
  }

  private static Round run(
      ImageModel served,
      EngineOptions options,
      ImageTokenizer tokenizer,
      Config c,
      SamplerConfig config,
      List<BenchRunner.Prompt> prompts,
      int n,
      BenchOptions benchOptions,
      int done,
      IntConsumer progress) {
    CostMeter model = new CostMeter(served);
    Engine<BenchRunner.Prompt> engine = new Engine<>(model, options);
    Grid grid = new Grid(model.info().gridH(), model.info().gridW());
    long t0 = System.nanoTime();
    for (BenchRunner.Prompt p : prompts) {
      SamplingJob sampling =
          SamplingJob.of(
                  n,
                  grid,
                  model.info().vocabSize(),
                  benchOptions.jobSeed(p.index()),
                  model.info().defaultCfgScale())
              .withConfig(config);
      engine.submit(
          new EngineJob<>(
              c.name() + "/" + p.index(),
              p.entry().prompt(),
              Strategy.named(c.strategy()),
              sampling,
              p));
    }
    long steps = 0, busy = 0, capacity = 0, tokens = 0, modelNanos = 0;
    List<Double> latencies = new ArrayList<>();
    Map<String, int[]> tasks = new LinkedHashMap<>();
    while (!engine.isIdle()) {
      StepReport<BenchRunner.Prompt> step = engine.step();
      modelNanos += step.modelNanos();
      if (step.busySlots() > 0) {
        steps++;
        busy += step.busySlots();
        capacity += step.capacity();
      }
      for (StepReport.Finished<BenchRunner.Prompt> f : step.finished()) {
        latencies.add((System.nanoTime() - t0) / 1e9); // all were submitted at t0
        BenchRunner.Prompt p = f.job().attachment();
        boolean correct =
            ShapesEval.judge(p.entry().spec(), tokenizer.decode(f.outcome().tokens())).correct();
        int[] t = tasks.computeIfAbsent(p.entry().task().tag(), k -> new int[2]);
        t[0] += correct ? 1 : 0;
        t[1]++;
        tokens += f.outcome().accounting().visualTokens();
        progress.accept(done + latencies.size());
      }
    }
    double makespan = (System.nanoTime() - t0) / 1e9;
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double accuracy =
        tasks.values().stream().mapToDouble(t -> (double) t[0] / t[1]).average().orElse(0);
    return new Round(
        new Row(
            c.name(),
            c.note(),
            sorted.length,
            makespan,
            sorted.length * 60.0 / makespan,
            capacity == 0 ? 0 : (double) busy / capacity,
            percentile(sorted, 0.5),
            percentile(sorted, 0.95),
            accuracy,
            (double) tokens / Math.max(1, sorted.length),
            steps,
            model.decodeCost() / Math.max(1, sorted.length),
            model.decodeSteps(),
            modelNanos / 1e9,
            List.of(sorted.length * 60.0 / makespan)),
        sorted,
        model.lockstepSteps());
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static CategoryChart chart(Result r) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title(
                String.format(
                    java.util.Locale.ROOT,
                    "Fleet: %d jobs (N = %d) on %d slots, all queued at once",
                    r.jobs(),
                    r.n(),
                    r.slots()))
            .xAxisTitle("configuration")
            .yAxisTitle("jobs per minute")
            .build();
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNW)
        .setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> names = r.rows().stream().map(Row::name).toList();
    chart.addSeries("jobs/min", names, r.rows().stream().map(Row::jobsPerMinute).toList());
    double max = r.rows().stream().mapToDouble(Row::jobsPerMinute).max().orElse(1);
    chart.addSeries(
        "utilisation × " + Math.round(max),
        names,
        r.rows().stream().map(row -> row.utilisation() * Math.round(max)).toList());
    return chart;
  }
}
