package dev.scalingar.sampler.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceProfileTest {

  private static final ProfileConfig PAPER = ProfileConfig.paperDefaults();

  @Test
  void tokenConfidenceFollowsTheFormulasAndTheFirstEmaValueIsTaken() {
    ConfidenceProfile p = new ConfidenceProfile(PAPER, 4, 4);
    p.observe(0, 0.6, 0.2, 0.0, 0);
    ConfidenceState s = p.conclude(1.0, 0.5);
    double u = 0.5 * 0.6 + 0.5 * (1 - 0.2); // 0.7
    assertThat(s.u()).isCloseTo(u, within(1e-12));
    assertThat(s.stok()).isCloseTo(1 - u, within(1e-12)); // first stok = k
    p.observe(1, 0.2, 0.6, 0.0, 0);
    s = p.conclude(1.0, 0.5);
    double k2 = 1 - (0.5 * 0.2 + 0.5 * 0.4);
    assertThat(s.stok()).isCloseTo(0.8 * (1 - u) + 0.2 * k2, within(1e-12));
  }

  @Test
  void intrinsicAndUnifiedConfidenceFollowTheirWeightsAndEma() {
    ConfidenceProfile p = new ConfidenceProfile(PAPER, 4, 4);
    p.observe(0, 0.6, 0.2, 0.0, 0);
    ConfidenceState s = p.conclude(0.8, 0.4);
    double i1 = 0.65 * 0.3 + 0.35 * 0.8;
    assertThat(s.i()).isCloseTo(i1, within(1e-12));
    assertThat(s.c()).isCloseTo(0.75 * i1 + 0.25 * 0.4, within(1e-12));
    p.observe(1, 0.6, 0.2, 0.0, 0);
    s = p.conclude(0.2, 0.4);
    double i2 = 0.8 * i1 + 0.2 * (0.65 * 0.3 + 0.35 * 0.2);
    assertThat(s.i()).isCloseTo(i2, within(1e-12));
  }

  @Test
  void reboundIsMeasuredFromTheRunningMinimum() {
    ConfidenceProfile p = new ConfidenceProfile(PAPER, 4, 4);
    p.observe(0, 0.5, 0.5, 0, 0);
    ConfidenceState first = p.conclude(1, 0.9);
    assertThat(first.cmin()).isEqualTo(first.c());
    assertThat(first.r()).isZero();
    p.observe(1, 0.5, 0.5, 0, 0);
    ConfidenceState lower = p.conclude(1, 0.1);
    assertThat(lower.cmin()).isEqualTo(lower.c());
    p.observe(2, 0.5, 0.5, 0, 0);
    ConfidenceState higher = p.conclude(1, 0.9);
    assertThat(higher.cmin()).isEqualTo(lower.c());
    assertThat(higher.r()).isCloseTo((higher.c() - lower.c()) / (lower.c() + 1e-6), within(1e-12));
  }

  @Test
  void flagRestartsTheMinimumOnlyUnderTheDefaultChoice() {
    ConfidenceProfile onFlag = new ConfidenceProfile(PAPER, 4, 4);
    ConfidenceProfile literal =
        new ConfidenceProfile(
            PAPER.with(PAPER.unified().withMinimumReset(MinimumReset.ALL_HISTORY)), 4, 4);
    for (ConfidenceProfile p : new ConfidenceProfile[] {onFlag, literal}) {
      p.observe(0, 0.5, 0.5, 0, 0);
      p.conclude(1, 0.0); // an early dip
      p.observe(1, 0.5, 0.5, 0, 0);
      p.conclude(1, 1.0);
    }
    assertThat(onFlag.restartMinimum().r()).isZero();
    assertThat(onFlag.state().cmin()).isEqualTo(onFlag.state().c());
    assertThat(literal.restartMinimum().r()).isGreaterThan(0.05);
  }

  @Test
  void stabilityIsOneBeforeAnyBlockCountsAndOnAFlatWindow() {
    ConfidenceProfile p = new ConfidenceProfile(PAPER, 8, 8);
    p.observe(0, 0.3, 0.5, 0, 0);
    assertThat(p.worstBlockEntropy()).isNaN();
    assertThat(p.ownStability()).isEqualTo(1.0);
    for (int pos = 1; pos < 16; pos++) {
      p.observe(pos, 0.3, 0.5, 0, 0);
      // constant Hn: e is constant, max − min < 1e-6, rollnorm = 0
      assertThat(p.ownStability()).isEqualTo(1.0);
    }
    assertThat(p.worstBlockEntropy()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void stabilityIsOneMinusTheRollingMinMaxOfE() {
    ConfidenceProfile p =
        new ConfidenceProfile(PAPER, 4, 4); // one block of 16; counts from the 4th token
    double[] hn = {0.2, 0.2, 0.2, 0.2, 0.6, 0.0};
    double[] b = new double[hn.length];
    for (int pos = 0; pos < hn.length; pos++) {
      p.observe(pos, hn[pos], 0.5, 0, 0);
      b[pos] = p.ownStability();
    }
    // e: 0.2 (step 3), 0.28 (step 4: 1.4/5), 0.2333 (step 5: 1.4/6) → window {0.2, 0.28, 0.2333}
    assertThat(b[3]).isEqualTo(1.0);
    assertThat(b[4]).isCloseTo(0.0, within(1e-12)); // the maximum of its window
    assertThat(b[5]).isCloseTo(1 - (1.4 / 6 - 0.2) / (0.28 - 0.2), within(1e-12));
  }

  @Test
  void utilisationIsTheSigmoidOfTheRollingZScoreOfK() {
    ConfidenceProfile p = new ConfidenceProfile(PAPER, 4, 4);
    p.observe(0, 0.5, 0.5, 2.0, 0);
    assertThat(p.ownUtilisation()).isCloseTo(0.5, within(1e-12)); // one value: z = 0
    p.observe(1, 0.5, 0.5, 4.0, 0);
    // window {2, 4}: mean 3, std 1, z = 1
    assertThat(p.ownUtilisation()).isCloseTo(1 / (1 + Math.exp(-1 / (1 + 1e-6))), within(1e-12));
    p.observe(2, 0.5, 0.5, 0.0, 0);
    assertThat(p.ownUtilisation()).isLessThan(0.5);
  }

  @Test
  void crossSectionRanksTrajectoriesAgainstEachOther() {
    double[] d = new double[3];
    CrossSection.utilisation(new double[] {1, 2, 3}, 3, d);
    assertThat(d[0]).isLessThan(0.5);
    assertThat(d[1]).isCloseTo(0.5, within(1e-12));
    assertThat(d[2]).isGreaterThan(0.5);
    double[] b = new double[3];
    CrossSection.stability(new double[] {0.2, Double.NaN, 0.6}, 3, b);
    assertThat(b).containsExactly(1.0, 1.0, 0.0);
    CrossSection.utilisation(new double[] {5}, 1, d);
    assertThat(d[0]).isEqualTo(0.5);
  }

  @Test
  void calibrationAppliesTheAffineSigmoidWhenOn() {
    ConfidenceProfile p =
        new ConfidenceProfile(PAPER.withCalibration(Calibration.affine(4, -2)), 4, 4);
    p.observe(0, 0.5, 0.5, 0, 0);
    ConfidenceState s = p.conclude(1, 0.5);
    double raw = 0.75 * (0.65 * 0.5 + 0.35) + 0.25 * 0.5;
    assertThat(s.c()).isCloseTo(1 / (1 + Math.exp(-(4 * raw - 2))), within(1e-12));
  }

  @Test
  void ablationsRenormaliseTheirWeights() {
    assertThat(PAPER.withoutTokenLevel().intrinsic().tokenWeight()).isZero();
    assertThat(PAPER.withoutTokenLevel().intrinsic().blockWeight()).isEqualTo(1.0);
    assertThat(PAPER.withoutWorstBlock().intrinsic().tokenWeight()).isEqualTo(1.0);
    assertThat(PAPER.withoutConditional().unified().intrinsicWeight()).isEqualTo(1.0);
    assertThat(PAPER.withoutConditional().unified().conditionalWeight()).isZero();
  }

  @Test
  void configRejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> PAPER.with(PAPER.token().withRate(1.3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile.tokenRate");
    assertThatThrownBy(() -> PAPER.with(new TokenConfig(0.7, 0.7, 0.2, false)))
        .hasMessageContaining("entropyWeight + marginWeight");
    assertThatThrownBy(() -> PAPER.with(new BlockConfig(0, 0.25, 0.1, 2, Reference.OWN_HISTORY)))
        .hasMessageContaining("profile.blockSize");
    assertThatThrownBy(() -> PAPER.with(PAPER.block().withFillRatio(0)))
        .hasMessageContaining("profile.blockFillRatio");
  }
}
