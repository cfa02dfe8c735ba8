package dev.scalingar.sampler.profile;

import java.util.function.IntFunction;

/**
 * Phase 2 of a profile step for a whole job, after every live trajectory observed its token: the
 * job's step statistics handed to each profile, B and D against their references, each profile's
 * conclude (I, C, Cmin, R), then the calibration's job-relative C. The served session and the
 * benchmark's gate replay both conclude a step through this one class, so they cannot drift apart.
 */
public final class JobConclusion {

  private final JobNormaliser normaliser;
  private final Calibration calibration; // null: the paper's C
  private double[] b = new double[0], d = new double[0]; // [count]

  public JobConclusion(ProfileConfig config) {
    normaliser = new JobNormaliser(config);
    calibration = config.calibration();
  }

  /** Concludes the profiles {@code live[0..count)}. */
  public void conclude(IntFunction<ConfidenceProfile> profiles, int[] live, int count) {
    if (b.length < count) {
      b = new double[count];
      d = new double[count];
    }
    StepStatistics.relate(profiles, live, count);
    normaliser.normalise(profiles, live, count, b, d);
    for (int j = 0; j < count; j++) profiles.apply(live[j]).conclude(b[j], d[j]);
    if (calibration != null) calibration.apply(profiles, live, count);
  }
}
