package dev.scalingar.sampler.profile;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Phase 2 of a profile step for a whole job, after every live trajectory observed its token: the
 * job's step statistics handed to each profile, B and D against their references, each profile's
 * conclude (I, C, Cmin, R), then the calibration's job-relative C. The served session and the
 * benchmark's gate replay both conclude a step through this one class, so they cannot drift apart.
 *
 * <p>Bystanders (the benchmark's shadow trajectories, terminated but drawing on) are concluded as
 * if each were still one of the live set, and are never part of anyone else's reference.
 */
public final class JobConclusion {

  private final JobNormaliser normaliser;
  private final Calibration calibration; // null: the paper's C
  private double[] b = new double[0], d = new double[0];

  public JobConclusion(ProfileConfig config) {
    normaliser = new JobNormaliser(config);
    calibration = config.calibration();
  }

  /** Concludes the profiles {@code live[0..count)}, then {@code bystanders}. */
  public void conclude(
      IntFunction<ConfidenceProfile> profiles, int[] live, int count, int[] bystanders) {
    if (b.length < count + 1) {
      b = new double[count + 1];
      d = new double[count + 1];
    }
    StepStatistics stats = StepStatistics.relate(profiles, live, count);
    normaliser.normalise(profiles, live, count, b, d);
    for (int j = 0; j < count; j++) profiles.apply(live[j]).conclude(b[j], d[j]);
    if (bystanders.length > 0) {
      int[] with = Arrays.copyOf(live, count + 1);
      for (int n : bystanders) {
        profiles.apply(n).relate(stats);
        with[count] = n;
        normaliser.normalise(profiles, with, count + 1, b, d);
        profiles.apply(n).conclude(b[count], d[count]);
      }
    }
    if (calibration != null) calibration.apply(profiles, live, count, bystanders);
  }
}
