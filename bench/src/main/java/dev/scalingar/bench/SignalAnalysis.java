package dev.scalingar.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.sampler.profile.Feature;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well each candidate signal, read at step t, ranks a job's right images above its wrong ones
 * (within-job AUC), overall and per task, at prefixes of the image: a gate can only use what it has
 * seen. Every candidate is a {@link Feature} of the sampler's profile in the orientation where
 * higher should mean "more likely right" (a leading − negates it; both signs are listed where the
 * direction is not obvious), plus the calibrated C when the profile has a calibration.
 */
public final class SignalAnalysis {

  /** The prefixes the report reads, as fractions of L. */
  public static final List<Double> PREFIXES = List.of(0.125, 0.25, 0.5, 1.0);

  static final int RESAMPLES = 1000;
  static final long BOOTSTRAP_SEED = 20261202L;

  /** The curve's resolution, in steps. */
  static final int CURVE_EVERY = 4;

  /** A score read off the replay: a feature with a sign, or (feature null) the calibrated C. */
  record Candidate(String name, Feature feature, double sign) {
    double read(FeatureReplay.Values v, int trajectory, int step) {
      return feature == null
          ? v.calibratedC()[trajectory][step]
          : sign * v.at(feature, trajectory, step);
    }
  }

  /** One signal at one prefix. */
  public record Row(
      String name,
      double prefix,
      double auc,
      double low,
      double high,
      int pairs,
      @JsonProperty("per_task") Map<String, Double> perTask) {}

  /** A signal's AUC at every {@link #CURVE_EVERY}-th step (no interval). */
  public record Curve(String name, int[] steps, double[] auc) {}

  public record Result(
      String set, int jobs, int length, String calibration, List<Row> signals, List<Curve> curves) {
    /** The row of a signal at a prefix, or null. */
    public Row row(String name, double prefix) {
      return signals.stream()
          .filter(r -> r.name().equals(name) && r.prefix() == prefix)
          .findFirst()
          .orElse(null);
    }
  }

  private SignalAnalysis() {}

  static List<Candidate> candidates(boolean calibrated) {
    List<Candidate> c = new ArrayList<>();
    if (calibrated) c.add(new Candidate("calibrated C", null, 1));
    c.add(new Candidate("paper_c", Feature.PAPER_C, 1));
    c.add(new Candidate("paper_i", Feature.PAPER_I, 1));
    for (Feature f :
        List.of(
            Feature.SURPRISAL_MEAN,
            Feature.SURPRISAL_MAX,
            Feature.SURPRISAL_REL_MEAN,
            Feature.SURPRISAL_REL_EMA,
            Feature.HN_MEAN,
            Feature.HN_REL_MEAN,
            Feature.DECISION_SURPRISAL_MEAN,
            Feature.DECISION_HN_MEAN,
            Feature.WORST_BLOCK_SURPRISAL,
            Feature.WORST_BLOCK_HN)) {
      c.add(new Candidate("−" + f.key(), f, -1));
    }
    c.add(new Candidate(Feature.MARGIN_MEAN.key(), Feature.MARGIN_MEAN, 1));
    c.add(new Candidate(Feature.MARGIN_REL_MEAN.key(), Feature.MARGIN_REL_MEAN, 1));
    for (Feature f :
        List.of(
            Feature.K_MEAN,
            Feature.K_REL_MEAN,
            Feature.K_Z_ACROSS_MEAN,
            Feature.K_Z_OWN,
            Feature.DECISION_K_MEAN)) {
      c.add(new Candidate(f.key(), f, 1));
      c.add(new Candidate("−" + f.key(), f, -1));
    }
    return c;
  }

  /**
   * Analyses recorded jobs; {@code config} is the profile replayed (its calibration, if any, adds
   * "calibrated C").
   */
  public static Result analyse(
      String set, List<Signals> jobs, ProfileConfig config, String calibrationId) {
    List<Candidate> candidates = candidates(config.calibration() != null);
    if (jobs.isEmpty()) return new Result(set, 0, 0, calibrationId, List.of(), List.of());
    int length = jobs.get(0).length();
    int[] prefixSteps = PREFIXES.stream().mapToInt(f -> stepAt(f, length)).toArray();
    int curvePoints = (length + CURVE_EVERY - 1) / CURVE_EVERY;
    // wins[candidate][job][k], k over prefix steps then curve steps; pairs[job]
    int reads = prefixSteps.length + curvePoints;
    double[][][] wins = new double[candidates.size()][jobs.size()][reads];
    int[] pairs = new int[jobs.size()];
    for (int j = 0; j < jobs.size(); j++) {
      Signals s = jobs.get(j);
      FeatureReplay.Values v = FeatureReplay.replay(s, config);
      double[] score = new double[s.trajectories()];
      for (int c = 0; c < candidates.size(); c++) {
        for (int k = 0; k < reads; k++) {
          int t =
              k < prefixSteps.length
                  ? prefixSteps[k]
                  : Math.min(length - 1, (k - prefixSteps.length) * CURVE_EVERY);
          for (int n = 0; n < score.length; n++) score[n] = candidates.get(c).read(v, n, t);
          WithinJobAuc.Tally tally = WithinJobAuc.tally(score, s.correct());
          wins[c][j][k] = tally.wins();
          pairs[j] = tally.pairs();
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    List<Curve> curves = new ArrayList<>();
    for (int c = 0; c < candidates.size(); c++) {
      for (int p = 0; p < prefixSteps.length; p++) {
        WithinJobAuc.Estimate all =
            WithinJobAuc.estimate(
                tallies(wins[c], pairs, p, jobs, null), RESAMPLES, BOOTSTRAP_SEED);
        Map<String, Double> perTask = new LinkedHashMap<>();
        for (String task : jobs.stream().map(Signals::task).distinct().sorted().toList()) {
          perTask.put(task, WithinJobAuc.pooled(tallies(wins[c], pairs, p, jobs, task)));
        }
        rows.add(
            new Row(
                candidates.get(c).name(),
                PREFIXES.get(p),
                all.auc(),
                all.low(),
                all.high(),
                all.pairs(),
                perTask));
      }
      int[] steps = new int[curvePoints];
      double[] auc = new double[curvePoints];
      for (int k = 0; k < curvePoints; k++) {
        steps[k] = Math.min(length - 1, k * CURVE_EVERY);
        auc[k] = WithinJobAuc.pooled(tallies(wins[c], pairs, prefixSteps.length + k, jobs, null));
      }
      curves.add(new Curve(candidates.get(c).name(), steps, auc));
    }
    return new Result(set, jobs.size(), length, calibrationId, rows, curves);
  }

  /** The step whose state a gate has after seeing {@code fraction} of the L tokens. */
  static int stepAt(double fraction, int length) {
    return Math.max(0, Math.min(length - 1, (int) Math.round(fraction * length) - 1));
  }

  private static List<WithinJobAuc.Tally> tallies(
      double[][] wins, int[] pairs, int k, List<Signals> jobs, String task) {
    List<WithinJobAuc.Tally> out = new ArrayList<>();
    for (int j = 0; j < jobs.size(); j++) {
      if (task == null || jobs.get(j).task().equals(task))
        out.add(new WithinJobAuc.Tally(wins[j][k], pairs[j]));
    }
    return out;
  }
}
