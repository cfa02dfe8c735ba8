package dev.scalingar.sampler.profile;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Phase 2 for the benchmark's shadow trajectories: ended by the gate, they draw on to step L so the
 * pruning regret can judge the grid they would have made. Each is concluded as if it were still one
 * of the job's live set (the live set's step statistics, its reference for B and D with the shadow
 * added, its calibration offsets) and is never part of anyone else's reference, so the live
 * trajectories conclude exactly as in a job without shadows. The served session never uses this.
 *
 * <p>Call it after the live set's {@link JobConclusion} of the same step: it reads only what the
 * live profiles observed and concluded there, which neither the gate nor the scheduler changes.
 */
public final class ShadowConclusion {

  private final JobNormaliser normaliser;
  private final Calibration calibration; // null: the paper's C
  private double[] b = new double[0], d = new double[0]; // [live + 1]

  public ShadowConclusion(ProfileConfig config) {
    normaliser = new JobNormaliser(config);
    calibration = config.calibration();
  }

  /** Concludes the profiles {@code shadows} against the live set {@code live[0..count)}. */
  public void conclude(
      IntFunction<ConfidenceProfile> profiles, int[] live, int count, int[] shadows) {
    if (shadows.length == 0) return;
    if (b.length < count + 1) {
      b = new double[count + 1];
      d = new double[count + 1];
    }
    StepStatistics stats = StepStatistics.of(profiles, live, count);
    int[] with = Arrays.copyOf(live, count + 1);
    for (int n : shadows) {
      profiles.apply(n).relate(stats);
      with[count] = n;
      normaliser.normalise(profiles, with, count + 1, b, d);
      profiles.apply(n).conclude(b[count], d[count]);
    }
    if (calibration == null || !calibration.jobRelative()) return; // C was set in conclude
    double[] offsets = calibration.offsets(profiles, live, count);
    for (int n : shadows) {
      ConfidenceProfile p = profiles.apply(n);
      p.calibrate(calibration, p.calibrationInput(), offsets);
    }
  }
}
