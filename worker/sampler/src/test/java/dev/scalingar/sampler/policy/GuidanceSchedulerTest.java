package dev.scalingar.sampler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GuidanceSchedulerTest {

  private static final GuidanceConfig PAPER = GuidanceConfig.paperDefaults();

  private static double after(double d, double i, double r) {
    GuidanceScheduler s = new GuidanceScheduler(PAPER, 4.0, 4);
    return s.update(d, i, r);
  }

  @Test
  void startsAtTheBaseScaleAndChangesOnlyFromTheNextStep() {
    GuidanceScheduler s = new GuidanceScheduler(PAPER, 4.0, 4);
    assertThat(s.scale()).isEqualTo(4.0);
    double next = s.update(0.0, 0.5, 0.0);
    assertThat(s.scale()).isEqualTo(next).isCloseTo(4.3, within(1e-12));
  }

  @Test
  void followsTheFormula() {
    GuidanceScheduler s = new GuidanceScheduler(PAPER, 4.0, 4);
    s.update(0.5, 0.2, 0.0);
    double next = s.update(0.5, 0.6, 0.5); // Var{0.2, 0.6} = 0.04
    assertThat(next).isCloseTo(4.0 + 0.3 * 0.5 + 0.4 * 0.04 - 0.4 * 0.5, within(1e-12));
  }

  @Test
  void lowConditionalUtilisationRaisesTheScale() {
    assertThat(after(0.1, 0.5, 0)).isGreaterThan(after(0.9, 0.5, 0));
  }

  @Test
  void highIntrinsicVarianceRaisesTheScale() {
    GuidanceScheduler steady = new GuidanceScheduler(PAPER, 4.0, 4);
    GuidanceScheduler wavering = new GuidanceScheduler(PAPER, 4.0, 4);
    for (int t = 0; t < 4; t++) {
      steady.update(0.5, 0.5, 0);
      wavering.update(0.5, t % 2 == 0 ? 0.1 : 0.9, 0);
    }
    assertThat(wavering.scale()).isGreaterThan(steady.scale());
    assertThat(wavering.intrinsicVariance()).isCloseTo(0.16, within(1e-12));
  }

  @Test
  void highReboundLowersTheScale() {
    assertThat(after(0.5, 0.5, 0.8)).isLessThan(after(0.5, 0.5, 0.0));
  }

  @Test
  void staysClampedBetweenOneAndTwiceTheBase() {
    assertThat(after(0.5, 0.5, 1e6)).isEqualTo(1.0);
    GuidanceConfig steep = new GuidanceConfig(100, 0.4, 0.4, 1, 1.0, 2.0, 1.0, 0.0);
    assertThat(new GuidanceScheduler(steep, 4.0, 4).update(0, 0.5, 0)).isEqualTo(8.0);
  }

  @Test
  void smoothingAndDeadBandDampJitter() {
    GuidanceScheduler smoothed = new GuidanceScheduler(PAPER.withJitterControl(0.5, 0), 4.0, 4);
    assertThat(smoothed.update(0.0, 0.5, 0)).isCloseTo(4.15, within(1e-12));
    GuidanceScheduler banded = new GuidanceScheduler(PAPER.withJitterControl(1.0, 0.5), 4.0, 4);
    assertThat(banded.update(0.0, 0.5, 0)).isEqualTo(4.0); // 0.3 < dead-band
    assertThat(banded.update(0.0, 0.5, 2.0)).isEqualTo(3.5); // |−0.5| ≥ dead-band
  }

  @Test
  void configRejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> PAPER.withJitterControl(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guidance.smoothing");
    assertThatThrownBy(() -> new GuidanceConfig(-1, 0.4, 0.4, 1, 1, 2, 1, 0))
        .hasMessageContaining("guidance.alpha");
  }
}
