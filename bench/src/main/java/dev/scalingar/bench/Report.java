package dev.scalingar.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code report.json}: every arm's figures, aggregated from the store's records. Keys are
 * documented in {@code bench/README.md}. Overall accuracy is GenEval's: the unweighted mean of the
 * task accuracies.
 */
public record Report(
    String set,
    int n,
    long seed,
    String model,
    List<String> config,
    boolean regret,
    int prompts,
    List<String> tasks,
    List<ArmSummary> arms,
    List<SweepPoint> sweep) {

  /** Accuracy with its 95% interval (Wilson for a task, normal for the mean of tasks). */
  public record Accuracy(int correct, int total, double accuracy, double low, double high) {}

  /** Timings of the arm's engine run (shared by the arms derived from it). */
  public record Timing(
      double wallSeconds,
      long steps,
      double secondsPerStep,
      double secondsPerImage,
      double imagesPerMinute,
      double meanJobSeconds,
      double utilisation,
      double peakRssMb,
      double peakKvMb,
      boolean includesShadow,
      double load1) {}

  /**
   * @param meanSurvivors trajectories that reach step L, per job
   * @param prunedPerJob trajectories ended early, per job
   * @param terminationSteps step at which each pruned trajectory ended (steps it ran), all jobs
   */
  public record Pruning(
      double meanSurvivors,
      double prunedPerJob,
      double meanTerminationStep,
      double medianTerminationStep,
      List<Integer> terminationSteps) {}

  /**
   * With {@code --regret}: pruned trajectories were run on in shadow and judged.
   *
   * @param rate share of jobs whose selected image is wrong while one of their pruned trajectories
   *     would have been right
   * @param prunedAccuracy share of pruned trajectories whose shadow image is right
   * @param finisherAccuracy share of surviving trajectories whose image is right
   */
  public record Regret(
      int jobs,
      int wrongWithCorrectPruned,
      double rate,
      int pruned,
      double prunedAccuracy,
      int finishers,
      double finisherAccuracy) {}

  public record ArmSummary(
      String arm,
      String run,
      int prompts,
      Map<String, Accuracy> perTask,
      Accuracy overall,
      double tokensPerImage,
      double rowStepsPerImage,
      double tokensVsBon,
      Timing timing,
      Pruning pruning,
      Regret regret,
      Stats.Paired vsBase,
      Stats.Paired vsBon) {}

  /** One point of the quantile sweep (Fig. 10). */
  public record SweepPoint(double quantile, String arm, double accuracy, double tokensVsBon) {}

  public ArmSummary arm(String name) {
    return arms.stream().filter(a -> a.arm().equals(name)).findFirst().orElse(null);
  }

  /**
   * @param arms the arms in report order; arms without records are left out
   * @param tasks the task tags in report order
   */
  public static Report build(
      BenchOptions options,
      String model,
      int prompts,
      List<String> arms,
      List<String> tasks,
      List<JobRecord> jobs,
      List<RunSegment> segments) {
    Map<String, List<JobRecord>> byArm =
        jobs.stream().collect(Collectors.groupingBy(JobRecord::arm));
    byArm.values().forEach(l -> l.sort((a, b) -> Integer.compare(a.prompt(), b.prompt())));
    List<ArmSummary> summaries = new ArrayList<>();
    for (String arm : arms) {
      List<JobRecord> records = byArm.get(arm);
      if (records == null || records.isEmpty()) continue;
      summaries.add(
          summarise(
              arm,
              records,
              tasks,
              options.n(),
              segments,
              byArm.get("base"),
              byArm.get("bon"),
              options.regret()));
    }
    List<SweepPoint> sweep = new ArrayList<>();
    for (ArmSummary a : summaries) {
      double p = Double.NaN;
      // the sweep varies the paper's config; its p = 0.2 point is scalingar_paper itself
      if (a.arm().equals("scalingar_paper")) p = options.config().termination().quantile();
      else if (a.arm().matches("scalingar_p\\d.*"))
        p = Double.parseDouble(a.arm().substring("scalingar_p".length()));
      if (!Double.isNaN(p))
        sweep.add(new SweepPoint(p, a.arm(), a.overall().accuracy(), a.tokensVsBon()));
    }
    sweep.sort((x, y) -> Double.compare(x.quantile(), y.quantile()));
    return new Report(
        options.set(),
        options.n(),
        options.seed(),
        model,
        options.overrides(),
        options.regret(),
        prompts,
        tasks,
        summaries,
        sweep);
  }

  private static ArmSummary summarise(
      String arm,
      List<JobRecord> records,
      List<String> tasks,
      int n,
      List<RunSegment> segments,
      List<JobRecord> base,
      List<JobRecord> bon,
      boolean shadowed) {
    Map<String, Accuracy> perTask = new LinkedHashMap<>();
    int[] correct = new int[tasks.size()], total = new int[tasks.size()];
    for (JobRecord r : records) {
      int t = tasks.indexOf(r.task());
      if (t < 0) continue;
      total[t]++;
      if (r.correct()) correct[t]++;
    }
    double sum = 0;
    int counted = 0, allCorrect = 0, all = 0;
    for (int t = 0; t < tasks.size(); t++) {
      if (total[t] == 0) continue;
      Stats.Interval ci = Stats.wilson(correct[t], total[t]);
      perTask.put(
          tasks.get(t),
          new Accuracy(correct[t], total[t], (double) correct[t] / total[t], ci.low(), ci.high()));
      sum += (double) correct[t] / total[t];
      counted++;
      allCorrect += correct[t];
      all += total[t];
    }
    Stats.Interval overallCi = Stats.meanOfTasks(correct, total);
    Accuracy overall =
        new Accuracy(
            allCorrect, all, counted == 0 ? 0 : sum / counted, overallCi.low(), overallCi.high());
    double tokens = records.stream().mapToLong(JobRecord::visualTokens).average().orElse(0);
    double rowSteps = records.stream().mapToLong(JobRecord::rowSteps).average().orElse(0);
    // against best-of-N at the bench's N: N·L (base's own "full BoN" is 1·L)
    JobRecord first = records.get(0);
    double fullBon = (double) first.fullBestOfNTokens() / first.trajectories().size() * n;
    return new ArmSummary(
        arm,
        records.get(0).run(),
        records.size(),
        perTask,
        overall,
        tokens,
        rowSteps,
        tokens / fullBon,
        timing(records.get(0).run(), records, segments),
        pruning(records),
        // Only shadows make a pruned trajectory's verdict a regret: without them, the only pruned
        // trajectories judged are those ended on their grid's last step.
        shadowed ? regret(records) : null,
        paired(records, base),
        paired(records, bon));
  }

  private static Timing timing(String run, List<JobRecord> records, List<RunSegment> segments) {
    List<RunSegment> own = segments.stream().filter(s -> s.run().equals(run)).toList();
    double wall = own.stream().mapToDouble(RunSegment::wallSeconds).sum();
    long steps = own.stream().mapToLong(RunSegment::steps).sum();
    int jobs = own.stream().mapToInt(RunSegment::jobs).sum();
    long busy = own.stream().mapToLong(RunSegment::busySlotSteps).sum();
    long capacitySteps = own.stream().mapToLong(s -> s.steps() * s.slotCapacity()).sum();
    double peakRss = own.stream().mapToLong(RunSegment::peakRssBytes).max().orElse(0) / 1048576.0;
    double peakKv =
        own.stream().mapToDouble(s -> 2.0 * s.peakBusySlots() * s.kvBytesPerRow()).max().orElse(0)
            / 1048576.0;
    boolean shadow = own.stream().anyMatch(RunSegment::shadow);
    double load = own.stream().mapToDouble(RunSegment::load1).average().orElse(Double.NaN);
    double meanJob = records.stream().mapToDouble(JobRecord::runSeconds).average().orElse(0);
    return new Timing(
        wall,
        steps,
        steps == 0 ? 0 : wall / steps,
        jobs == 0 ? 0 : wall / jobs,
        wall == 0 ? 0 : jobs * 60.0 / wall,
        meanJob,
        capacitySteps == 0 ? 0 : (double) busy / capacitySteps,
        peakRss,
        peakKv,
        shadow,
        load);
  }

  private static Pruning pruning(List<JobRecord> records) {
    List<Integer> steps = new ArrayList<>();
    for (JobRecord r : records) {
      for (JobRecord.TrajectoryRecord t : r.trajectories()) if (t.pruned()) steps.add(t.steps());
    }
    int[] sorted = steps.stream().mapToInt(Integer::intValue).sorted().toArray();
    double median =
        sorted.length == 0
            ? Double.NaN
            : sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    return new Pruning(
        records.stream().mapToInt(JobRecord::survivors).average().orElse(0),
        (double) steps.size() / records.size(),
        Arrays.stream(sorted).average().orElse(Double.NaN),
        median,
        List.copyOf(steps));
  }

  /** Null unless some pruned trajectory carries a shadow verdict. */
  private static Regret regret(List<JobRecord> records) {
    int pruned = 0, prunedRight = 0, finishers = 0, finishersRight = 0, regretted = 0;
    for (JobRecord r : records) {
      boolean anyPrunedRight = false;
      for (JobRecord.TrajectoryRecord t : r.trajectories()) {
        if (t.correct() == null) continue;
        if (t.pruned()) {
          pruned++;
          if (t.correct()) {
            prunedRight++;
            anyPrunedRight = true;
          }
        } else {
          finishers++;
          if (t.correct()) finishersRight++;
        }
      }
      if (!r.correct() && anyPrunedRight) regretted++;
    }
    if (pruned == 0) return null;
    return new Regret(
        records.size(),
        regretted,
        (double) regretted / records.size(),
        pruned,
        (double) prunedRight / pruned,
        finishers,
        finishers == 0 ? Double.NaN : (double) finishersRight / finishers);
  }

  /** McNemar against a reference arm on the prompts both have; null without the reference. */
  private static Stats.Paired paired(List<JobRecord> records, List<JobRecord> reference) {
    if (reference == null || reference.isEmpty()) return null;
    Map<Integer, Boolean> ref = new TreeMap<>();
    reference.forEach(r -> ref.put(r.prompt(), r.correct()));
    List<JobRecord> common = records.stream().filter(r -> ref.containsKey(r.prompt())).toList();
    boolean[] a = new boolean[common.size()], b = new boolean[common.size()];
    for (int i = 0; i < common.size(); i++) {
      a[i] = common.get(i).correct();
      b[i] = ref.get(common.get(i).prompt());
    }
    return Stats.mcnemar(a, b);
  }
}
