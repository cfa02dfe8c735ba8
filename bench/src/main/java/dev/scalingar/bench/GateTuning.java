package dev.scalingar.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.sampler.SamplerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./scalingar bench-tune}: tunes the gate's CHOICEs on the dev set without touching the
 * evaluation set. Runs best-of-N once through the engine (recording every trajectory's Hn, m and K
 * and ShapesEval's verdict of every image), then replays {@code termination_only} under each
 * candidate config ({@link GateReplay}) and says, per config, the accuracy of the selected image,
 * the visual tokens against best-of-N and the pruning regret; and, per signal, how well it ranks a
 * job's right images above its wrong ones.
 */
public final class GateTuning {

  /** A named candidate: {@code --config} overrides on top of the paper's defaults. */
  public record Candidate(String name, List<String> overrides) {}

  /** One candidate's replay over the dev jobs. */
  public record Row(
      String name,
      List<String> overrides,
      double accuracy,
      double tokensVsBon,
      double survivors,
      double regret,
      double withinJobAuc) {}

  /**
   * How well a per-trajectory score ranks a job's right images above its wrong ones: over jobs with
   * both, the share of (right, wrong) pairs it orders correctly (ties count half). 0.5 = no signal.
   */
  public record SignalQuality(
      String signal,
      double withinJobAuc,
      int pairs,
      // SNAKE_CASE alone would write "best_of_naccuracy" (it splits before upper-case letters only)
      @JsonProperty("best_of_n_accuracy") double bestOfNAccuracy) {}

  public record Result(
      String set,
      int jobs,
      int n,
      double bonAccuracy,
      double oracleAccuracy,
      List<SignalQuality> signals,
      List<Row> candidates) {}

  private GateTuning() {}

  /**
   * The at most five gates tried on top of a calibrated C (issue: "a gate chosen a priori,
   * confirmed once"): the paper's gate unchanged; then recovery only by {@code C ≥ θ} — a
   * calibrated C is a probability whose rebound R = (C − Cmin)/|Cmin| clears a flag on noise — at
   * the quantiles and probations that reach the token target (≤ 0.30 × BoN needs most trajectories
   * ended before mid-image: p = 0.5 halves the live set once per probation).
   */
  public static List<Candidate> calibratedCandidates() {
    return List.of(
        new Candidate("calibrated C, paper gate", List.of()),
        new Candidate(
            "calibrated C, C ≥ θ, p 0.5, probation 16",
            List.of(
                "termination.reboundThreshold=1000",
                "termination.quantile=0.5",
                "termination.probationSteps=16")),
        new Candidate(
            "calibrated C, C ≥ θ, p 0.5, probation 8",
            List.of(
                "termination.reboundThreshold=1000",
                "termination.quantile=0.5",
                "termination.probationSteps=8")),
        new Candidate(
            "calibrated C, C ≥ θ, p 0.7, probation 16",
            List.of(
                "termination.reboundThreshold=1000",
                "termination.quantile=0.7",
                "termination.probationSteps=16")),
        new Candidate(
            "calibrated C, C ≥ θ, p 0.5, probation 16, warm-up 1/16",
            List.of(
                "termination.reboundThreshold=1000",
                "termination.quantile=0.5",
                "termination.probationSteps=16",
                "termination.warmupFraction=0.0625")));
  }

  /** The default grid: each CHOICE alone against the paper's, then the promising combinations. */
  public static List<Candidate> defaultCandidates() {
    List<Candidate> c = new ArrayList<>();
    c.add(new Candidate("paper defaults", List.of()));
    c.add(
        new Candidate(
            "D across trajectories", List.of("profile.utilisationReference=ACROSS_TRAJECTORIES")));
    c.add(
        new Candidate(
            "B across trajectories", List.of("profile.stabilityReference=ACROSS_TRAJECTORIES")));
    c.add(new Candidate("literal Cmin", List.of("profile.minimumReset=ALL_HISTORY")));
    c.add(new Candidate("recover only by C ≥ θ", List.of("termination.reboundThreshold=1000")));
    c.add(
        new Candidate(
            "slow EMAs (0.05)", List.of("profile.intrinsicRate=0.05", "profile.tokenRate=0.05")));
    c.add(new Candidate("probation 16", List.of("termination.probationSteps=16")));
    c.add(new Candidate("p = 0.5", List.of("termination.quantile=0.5")));
    List<String> across =
        List.of(
            "profile.utilisationReference=ACROSS_TRAJECTORIES",
            "profile.stabilityReference=ACROSS_TRAJECTORIES");
    c.add(
        new Candidate(
            "across B,D + C ≥ θ", concat(across, List.of("termination.reboundThreshold=1000"))));
    c.add(
        new Candidate(
            "across B,D + C ≥ θ + slow",
            concat(
                across,
                List.of(
                    "termination.reboundThreshold=1000",
                    "profile.intrinsicRate=0.05",
                    "profile.tokenRate=0.05"))));
    c.add(
        new Candidate(
            "D across + C ≥ θ + slow",
            List.of(
                "profile.utilisationReference=ACROSS_TRAJECTORIES",
                "termination.reboundThreshold=1000",
                "profile.intrinsicRate=0.05",
                "profile.tokenRate=0.05")));
    c.add(
        new Candidate(
            "C ≥ θ + slow",
            List.of(
                "termination.reboundThreshold=1000",
                "profile.intrinsicRate=0.05",
                "profile.tokenRate=0.05")));
    c.add(
        new Candidate(
            "C ≥ θ + slow + probation 16",
            List.of(
                "termination.reboundThreshold=1000",
                "profile.intrinsicRate=0.05",
                "profile.tokenRate=0.05",
                "termination.probationSteps=16")));
    c.add(
        new Candidate(
            "across B,D + C ≥ θ + slow + p 0.5",
            concat(
                across,
                List.of(
                    "termination.reboundThreshold=1000",
                    "profile.intrinsicRate=0.05",
                    "profile.tokenRate=0.05",
                    "termination.quantile=0.5"))));
    c.addAll(grid());
    return c;
  }

  /**
   * A product grid over the knobs the named candidates point at: the uncertainty blend (the margin
   * ranks images best here), the weight of D (K ranks them backwards here), the EMA rates, the
   * reference of B, the recovery test, p and the probation.
   */
  static List<Candidate> grid() {
    List<Candidate> out = new ArrayList<>();
    for (double aH : new double[] {0.5, 0.2}) {
      for (double wI : new double[] {0.75, 1.0}) {
        for (double rate : new double[] {0.2, 0.05, 0.02}) {
          for (boolean acrossB : new boolean[] {false, true}) {
            for (double p : new double[] {0.2, 0.5}) {
              for (int probation : new int[] {32, 16}) {
                List<String> o =
                    new ArrayList<>(
                        List.of(
                            "profile.entropyWeight=" + aH,
                            "profile.intrinsicWeight=" + wI,
                            "profile.intrinsicRate=" + rate,
                            "profile.tokenRate=" + rate,
                            "termination.reboundThreshold=1000",
                            "termination.quantile=" + p,
                            "termination.probationSteps=" + probation));
                if (acrossB) o.add("profile.stabilityReference=ACROSS_TRAJECTORIES");
                out.add(
                    new Candidate(
                        String.format(
                            Locale.ROOT,
                            "grid aH %.1f wI %.2f rate %.2f B %s p %.1f prob %d",
                            aH,
                            wI,
                            rate,
                            acrossB ? "across" : "own",
                            p,
                            probation),
                        o));
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * Records the dev jobs' signals under {@code out/signals/} (resuming what is there), then replays
   * the candidates and writes {@code tuning.json} and {@code tuning.md}.
   */
  public static Result run(
      BenchOptions options,
      ImageModel model,
      long kvBytesPerRow,
      Path out,
      List<Candidate> candidates,
      BenchRunner.Listener listener)
      throws IOException {
    SignalRecording.Recorded recorded =
        SignalRecording.record(options, model, kvBytesPerRow, out, listener);
    Result result = evaluate(options, recorded.store().jobs(), recorded.signals(), candidates);
    ResultsStore.JSON
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("tuning.json").toFile(), result);
    Files.writeString(out.resolve("tuning.md"), markdown(result));
    return result;
  }

  static Result evaluate(
      BenchOptions options,
      List<JobRecord> jobs,
      List<Signals> signals,
      List<Candidate> candidates) {
    Map<Integer, JobRecord> bon = new LinkedHashMap<>();
    jobs.stream().filter(j -> j.arm().equals("bon")).forEach(j -> bon.put(j.prompt(), j));
    List<Signals> usable = signals.stream().filter(s -> bon.containsKey(s.prompt())).toList();
    Accumulator bonAcc = new Accumulator(), oracleAcc = new Accumulator();
    for (JobRecord j : jobs) {
      if (j.arm().equals("bon")) bonAcc.add(j.task(), j.correct());
      if (j.arm().equals("oracle_bon")) oracleAcc.add(j.task(), j.correct());
    }
    // signal quality, from the recorded statistics and the paper-default replay
    SamplerConfig paper = options.config();
    Map<Integer, GateReplay.Outcome> noGate = new LinkedHashMap<>();
    SamplerConfig never =
        ConfigOverrides.apply(
            paper, List.of("termination.quantile=0")); // θ = min C: nothing below it
    for (Signals s : usable) noGate.put(s.prompt(), GateReplay.replay(s, never));
    List<SignalQuality> quality = new ArrayList<>();
    quality.add(auc("final C", usable, s -> noGate.get(s.prompt()).finalConfidence()));
    quality.add(auc("mean C over steps", usable, s -> noGate.get(s.prompt()).meanConfidence()));
    quality.add(
        auc(
            "self-certainty (bon's reward)",
            usable,
            s ->
                bon.get(s.prompt()).trajectories().stream()
                    .mapToDouble(JobRecord.TrajectoryRecord::selfCertainty)
                    .toArray()));
    quality.add(
        auc(
            "mean log-probability",
            usable,
            s ->
                bon.get(s.prompt()).trajectories().stream()
                    .mapToDouble(JobRecord.TrajectoryRecord::logProbability)
                    .toArray()));
    quality.add(auc("−mean Hn", usable, s -> meanOf(s.hn(), -1)));
    quality.add(auc("mean margin m", usable, s -> meanOf(s.margin(), 1)));
    quality.add(auc("mean K (prompt influence)", usable, s -> meanOf(s.divergence(), 1)));
    List<Row> rows = new ArrayList<>();
    for (Candidate c : candidates) {
      SamplerConfig config = ConfigOverrides.apply(paper, c.overrides());
      Accumulator acc = new Accumulator();
      double tokens = 0, full = 0, survivors = 0, regret = 0;
      Map<Integer, GateReplay.Outcome> outcomes = new LinkedHashMap<>();
      for (Signals s : usable) {
        GateReplay.Outcome o = GateReplay.replay(s, config);
        outcomes.put(s.prompt(), o);
        acc.add(s.task(), o.correct());
        tokens += o.visualTokens();
        full += (double) s.trajectories() * s.length();
        survivors += o.survivors();
        regret += o.regret() ? 1 : 0;
      }
      rows.add(
          new Row(
              c.name(),
              c.overrides(),
              acc.overall(),
              tokens / full,
              survivors / usable.size(),
              regret / usable.size(),
              auc("", usable, s -> outcomes.get(s.prompt()).finalConfidence()).withinJobAuc()));
    }
    int n = usable.isEmpty() ? 0 : usable.get(0).trajectories();
    return new Result(
        options.set(), usable.size(), n, bonAcc.overall(), oracleAcc.overall(), quality, rows);
  }

  private static double[] meanOf(float[][] values, double sign) {
    double[] out = new double[values.length];
    for (int j = 0; j < values.length; j++) {
      double sum = 0;
      for (float v : values[j]) sum += v;
      out[j] = sign * sum / values[j].length;
    }
    return out;
  }

  static SignalQuality auc(
      String name, List<Signals> signals, java.util.function.Function<Signals, double[]> score) {
    List<WithinJobAuc.Tally> tallies =
        signals.stream().map(s -> WithinJobAuc.tally(score.apply(s), s.correct())).toList();
    int pairs = tallies.stream().mapToInt(WithinJobAuc.Tally::pairs).sum();
    Accumulator picked = new Accumulator();
    for (Signals s : signals) {
      double[] v = score.apply(s);
      int best = 0;
      for (int j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
      picked.add(s.task(), s.correct()[best]);
    }
    return new SignalQuality(name, WithinJobAuc.pooled(tallies), pairs, picked.overall());
  }

  /** GenEval overall: the mean of per-task accuracies. */
  private static final class Accumulator {
    final Map<String, int[]> tasks = new LinkedHashMap<>();

    void add(String task, boolean correct) {
      int[] t = tasks.computeIfAbsent(task, k -> new int[2]);
      t[0] += correct ? 1 : 0;
      t[1]++;
    }

    double overall() {
      return tasks.values().stream().mapToDouble(t -> (double) t[0] / t[1]).average().orElse(0);
    }
  }

  static String markdown(Result r) {
    StringBuilder md = new StringBuilder();
    md.append("# Gate tuning on the ").append(r.set()).append(" set\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d jobs, N = %d. Best-of-N (self-certainty) %.3f, oracle best-of-N %.3f"
                + " (GenEval overall). `termination_only` replayed on best-of-N's recorded signals; the full ScalingAR"
                + " (with the guidance scheduler) cannot be replayed and is measured by `./scalingar bench`.%n%n",
            r.jobs(),
            r.n(),
            r.bonAccuracy(),
            r.oracleAccuracy()));
    md.append("## Which signal ranks a job's right images above its wrong ones\n\n");
    md.append("| signal | within-job AUC | pairs | best-of-N by it |\n| --- | --- | --- | --- |\n");
    for (SignalQuality q : r.signals()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %d | %.3f |%n",
              q.signal(),
              q.withinJobAuc(),
              q.pairs(),
              q.bestOfNAccuracy()));
    }
    md.append("\n## termination_only under each candidate\n\n");
    md.append(
        "| candidate | overall | tokens vs BoN | survivors/job | regret | AUC of final C | overrides |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row row : r.candidates()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.3f | %.2f | %.3f | %.3f | `%s` |%n",
              row.name(),
              row.accuracy(),
              row.tokensVsBon(),
              row.survivors(),
              row.regret(),
              row.withinJobAuc(),
              String.join(" ", row.overrides())));
    }
    return md.toString();
  }
}
