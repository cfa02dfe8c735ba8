package dev.scalingar.sampler.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryFeaturesTest {

  static final int H = 8, W = 16;

  /** Four trajectories in lockstep whose signals share a swing of one period per grid row. */
  static ConfidenceProfile[] scripted(ProfileConfig config, double[] offsets, int steps) {
    ConfidenceProfile[] p = new ConfidenceProfile[offsets.length];
    for (int n = 0; n < p.length; n++) p[n] = new ConfidenceProfile(config, H, W);
    int[] live = {0, 1, 2, 3};
    for (int t = 0; t < steps; t++) {
      double swing = Math.sin(2 * Math.PI * t / W);
      for (int n = 0; n < p.length; n++) {
        double hn = 0.5 + 0.3 * swing + 0.05 * offsets[n];
        p[n].observe(
            t, hn, 0.4 - 0.2 * swing, 1 + swing + 0.1 * offsets[n], 2 + 1.5 * swing + offsets[n]);
      }
      StepStatistics.relate(n -> p[n], live, p.length);
      for (ConfidenceProfile q : p) q.conclude(q.ownStability(), q.ownUtilisation());
    }
    return p;
  }

  @Test
  void positionRelativeNormalisationRemovesTheRowSwingAndKeepsEachTrajectorysOffset() {
    double[] offsets = {0.3, -0.1, 0.0, -0.2};
    double meanOffset = 0;
    for (double o : offsets) meanOffset += o / offsets.length;
    ConfidenceProfile[] p = scripted(ProfileConfig.paperDefaults(), offsets, 3 * W + 5);
    for (int n = 0; n < p.length; n++) {
      // the EMA of relative surprisal sees only the offset: no trace of the sine is left
      assertThat(p[n].feature(Feature.SURPRISAL_REL_EMA))
          .isCloseTo(offsets[n] - meanOffset, within(1e-12));
      assertThat(p[n].feature(Feature.SURPRISAL_REL_MEAN))
          .isCloseTo(offsets[n] - meanOffset, within(1e-12));
      assertThat(p[n].feature(Feature.HN_REL_MEAN))
          .isCloseTo(0.05 * (offsets[n] - meanOffset), within(1e-12));
    }
    // while the raw surprisal's EMA-free mean still carries the swing's partial period
    assertThat(p[0].feature(Feature.SURPRISAL_MEAN)).isNotCloseTo(2 + offsets[0], within(1e-3));
  }

  @Test
  void decisionTokensAreThoseAtOrAboveTheJobsMedianEntropy() {
    ConfidenceProfile[] p =
        scripted(ProfileConfig.paperDefaults(), new double[] {0.3, -0.1, 0.0, -0.2}, 20);
    // trajectory 0 has the highest Hn at every step: every token is a decision token
    assertThat(p[0].feature(Feature.DECISION_SURPRISAL_MEAN))
        .isCloseTo(p[0].feature(Feature.SURPRISAL_MEAN), within(1e-12));
    // trajectory 3 the lowest: never one (0 by definition)
    assertThat(p[3].feature(Feature.DECISION_HN_MEAN)).isZero();
    assertThat(p[0].feature(Feature.SURPRISAL_MAX)).isCloseTo(2 + 1.5 + 0.3, within(1e-2));
    assertThat(p[0].feature(Feature.PROGRESS)).isEqualTo(20.0 / (H * W));
  }

  @Test
  void withACalibrationCIsItsProbabilityAndThePaperCIsKept() {
    Calibration cal =
        new Calibration(
            "test",
            "abc",
            List.of(Feature.SURPRISAL_REL_MEAN, Feature.PROGRESS),
            List.of(0.0, 0.5),
            List.of(0.5, 1.0),
            List.of(-2.0, 1.0),
            0.25,
            false);
    ProfileConfig config = ProfileConfig.paperDefaults().withCalibration(cal);
    double[] offsets = {0.3, -0.1, 0.0, -0.2};
    ConfidenceProfile[] p = scripted(config, offsets, 30);
    ConfidenceProfile[] paper = scripted(ProfileConfig.paperDefaults(), offsets, 30);
    for (int n = 0; n < p.length; n++) {
      double rel = p[n].feature(Feature.SURPRISAL_REL_MEAN), progress = 30.0 / (H * W);
      double expected = 1 / (1 + Math.exp(-(0.25 - 2.0 * rel / 0.5 + (progress - 0.5))));
      assertThat(p[n].state().c()).isCloseTo(expected, within(1e-12));
      assertThat(p[n].state().cPaper()).isEqualTo(paper[n].state().c());
    }
    // the most surprised trajectory is the least confident
    assertThat(p[0].state().c()).isLessThan(p[1].state().c());
  }

  @Test
  void aCalibrationIsValidated() {
    assertThatThrownBy(
            () ->
                new Calibration(
                    "x",
                    "",
                    List.of(Feature.PAPER_C),
                    List.of(0.0),
                    List.of(0.0),
                    List.of(1.0),
                    0,
                    false))
        .hasMessageContaining("scale > 0");
    assertThatThrownBy(
            () ->
                new Calibration(
                    "x",
                    "",
                    List.of(Feature.PAPER_C, Feature.PAPER_C),
                    List.of(0.0, 0.0),
                    List.of(1.0, 1.0),
                    List.of(1.0, 1.0),
                    0,
                    false))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Feature.fromKey("nope")).hasMessageContaining("surprisal_rel_mean");
  }
}
