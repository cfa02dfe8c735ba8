package dev.scalingar.bench;

import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.profile.Feature;
import dev.scalingar.sampler.profile.ProfileConfig;
import dev.scalingar.sampler.profile.StepStatistics;

/**
 * Every {@link Feature} of every trajectory of a recorded best-of-N job at every step, computed by
 * the sampler's own profile in the session's order (observe, relate to the job's step statistics,
 * conclude with the configured references: own history here, as the served profile). All
 * trajectories stay live, as in best-of-N; what a gate does to the live set is {@link
 * GateReplay}'s.
 */
final class FeatureReplay {

  private FeatureReplay() {}

  /** {@code [feature ordinal][trajectory][step]}; with a calibration in the config, also its C. */
  record Values(float[][][] features, float[][] calibratedC) {
    double at(Feature f, int trajectory, int step) {
      return features[f.ordinal()][trajectory][step];
    }
  }

  static Values replay(Signals s, ProfileConfig config) {
    int n = s.trajectories(), length = s.length();
    Feature[] all = Feature.values();
    float[][][] out = new float[all.length][n][length];
    float[][] c = new float[n][length];
    ConfidenceProfile[] profiles = new ConfidenceProfile[n];
    int[] live = new int[n];
    for (int j = 0; j < n; j++) {
      profiles[j] = new ConfidenceProfile(config, s.gridHeight(), s.gridWidth());
      live[j] = j;
    }
    for (int t = 0; t < length; t++) {
      for (int j = 0; j < n; j++) {
        profiles[j].observe(
            t, s.hn()[j][t], s.margin()[j][t], s.divergence()[j][t], s.surprisal()[j][t]);
      }
      StepStatistics.relate(j -> profiles[j], live, n);
      for (ConfidenceProfile p : profiles) p.conclude(p.ownStability(), p.ownUtilisation());
      if (config.calibration() != null) config.calibration().apply(j -> profiles[j], live, n);
      for (int j = 0; j < n; j++) {
        ConfidenceProfile p = profiles[j];
        c[j][t] = (float) p.state().c();
        for (Feature f : all) out[f.ordinal()][j][t] = (float) p.feature(f);
      }
    }
    return new Values(out, config.calibration() == null ? null : c);
  }
}
