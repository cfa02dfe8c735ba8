package dev.scalingar.bench;

import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.sampler.profile.Calibration;
import dev.scalingar.sampler.profile.Feature;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./scalingar calibrate}: fits, on recorded dev-set best-of-N jobs only, the logistic model
 * that maps a trajectory's features at step t — each relative to the job's live trajectories at
 * that step — to P(its image will be judged correct). Rows are every trajectory at every {@link
 * #STEP_EVERY}-th step from the end of the first grid row on, so one model serves every step a gate
 * reads; features are standardised over the rows and the fit is ridge-penalised ({@link #RIDGE}),
 * so it is deterministic and stable with correlated features.
 */
public final class Calibrator {

  /**
   * What the shipped calibration reads, chosen before any fit: one or two per family of {@link
   * Feature} (the path's surprisal, recent surprisal, its worst choice, surprisal at decision
   * tokens and in the worst blocks; entropy, margin, prompt influence; the paper's C).
   */
  public static final List<Feature> FEATURES =
      List.of(
          Feature.SURPRISAL_REL_MEAN,
          Feature.SURPRISAL_REL_EMA,
          Feature.SURPRISAL_MAX,
          Feature.DECISION_SURPRISAL_MEAN,
          Feature.WORST_BLOCK_SURPRISAL,
          Feature.HN_REL_MEAN,
          Feature.MARGIN_REL_MEAN,
          Feature.K_REL_MEAN,
          Feature.K_Z_ACROSS_MEAN,
          Feature.PAPER_C);

  public static final int STEP_EVERY = 8;
  public static final double RIDGE = 10;

  /** A fitted calibration and what it was fitted on. */
  public record Fit(
      Calibration calibration,
      int jobs,
      int rows,
      List<Integer> steps,
      int iterations,
      Map<Double, Double> devAuc) {

    /**
     * The fit as the file the worker ships beside the weights ({@code <model>.calibration.json},
     * docs/outputs.md), with what it was fitted on.
     *
     * @param recording the signal recording it was fitted on, as the user named it
     */
    public CalibrationFile file(String model, String recording) {
      Map<String, Object> fittedOn = new LinkedHashMap<>();
      fittedOn.put("set", "dev");
      fittedOn.put("recording", recording);
      fittedOn.put("jobs", jobs);
      fittedOn.put("rows", rows);
      fittedOn.put("steps", steps);
      fittedOn.put("ridge", RIDGE);
      fittedOn.put("iterations", iterations);
      Map<String, Double> auc = new LinkedHashMap<>();
      devAuc.forEach((prefix, v) -> auc.put(String.valueOf(prefix), v));
      Calibration c = calibration;
      return new CalibrationFile(
          CalibrationFile.FORMAT,
          c.id(),
          model,
          c.weightsSha256(),
          c.features().stream().map(Feature::key).toList(),
          c.center(),
          c.scale(),
          c.coefficients(),
          c.intercept(),
          c.jobRelative(),
          fittedOn,
          auc);
    }
  }

  private Calibrator() {}

  public static Fit fit(
      String id, String weightsSha256, List<Signals> jobs, List<Feature> features, double ridge) {
    if (jobs.isEmpty()) throw new IllegalArgumentException("no recorded jobs to calibrate on");
    int length = jobs.get(0).length(), width = jobs.get(0).gridWidth();
    List<Integer> steps = new ArrayList<>();
    for (int t = width - 1; t < length; t += STEP_EVERY) steps.add(t);
    if (steps.get(steps.size() - 1) != length - 1) steps.add(length - 1);
    List<double[]> rows = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    ProfileConfig paper = ProfileConfig.paperDefaults();
    for (Signals s : jobs) {
      FeatureReplay.Values v = FeatureReplay.replay(s, paper);
      for (int t : steps) {
        double[][] x = new double[s.trajectories()][features.size()];
        double[] mean = new double[features.size()];
        for (int n = 0; n < s.trajectories(); n++) {
          for (int i = 0; i < features.size(); i++) {
            x[n][i] = v.at(features.get(i), n, t);
            mean[i] += x[n][i] / s.trajectories();
          }
        }
        for (int n = 0; n < s.trajectories(); n++) {
          for (int i = 0; i < features.size(); i++) x[n][i] -= mean[i];
          rows.add(x[n]);
          labels.add(s.correct()[n]);
        }
      }
    }
    int p = features.size();
    double[] center = new double[p], scale = new double[p];
    for (double[] r : rows) for (int i = 0; i < p; i++) center[i] += r[i] / rows.size();
    for (double[] r : rows)
      for (int i = 0; i < p; i++) scale[i] += (r[i] - center[i]) * (r[i] - center[i]) / rows.size();
    for (int i = 0; i < p; i++) scale[i] = Math.sqrt(scale[i]) > 1e-9 ? Math.sqrt(scale[i]) : 1;
    double[][] x = new double[rows.size()][p];
    boolean[] y = new boolean[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int i = 0; i < p; i++) x[r][i] = (rows.get(r)[i] - center[i]) / scale[i];
      y[r] = labels.get(r);
    }
    LogisticFit.Model model = LogisticFit.fit(x, y, ridge);
    Calibration calibration =
        new Calibration(
            id,
            weightsSha256,
            features,
            boxed(center),
            boxed(scale),
            boxed(model.coefficients()),
            model.intercept(),
            true);
    SignalAnalysis.Result check =
        SignalAnalysis.analyse("dev", jobs, paper.withCalibration(calibration), id);
    Map<Double, Double> auc = new LinkedHashMap<>();
    for (double prefix : SignalAnalysis.PREFIXES)
      auc.put(prefix, check.row("calibrated C", prefix).auc());
    return new Fit(calibration, jobs.size(), rows.size(), steps, model.iterations(), auc);
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) out.add(d);
    return out;
  }
}
