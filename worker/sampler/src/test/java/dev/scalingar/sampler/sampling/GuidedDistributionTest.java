package dev.scalingar.sampler.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GuidedDistributionTest {

  private static final float MASK = Float.NEGATIVE_INFINITY;

  private static GuidedDistribution computed(
      float[] cond, float[] uncond, double scale, double temperature) {
    GuidedDistribution d = new GuidedDistribution(cond.length);
    d.compute(cond, 0, uncond, 0, scale, temperature);
    return d;
  }

  private static float[] logs(double... probabilities) {
    float[] l = new float[probabilities.length];
    for (int i = 0; i < l.length; i++)
      l[i] = probabilities[i] == 0 ? MASK : (float) Math.log(probabilities[i]);
    return l;
  }

  @Test
  void uniformLogitsHaveFullEntropyNoMarginAndNoDivergence() {
    float[] flat = new float[8];
    GuidedDistribution d = computed(flat, flat.clone(), 4.0, 1.0);
    assertThat(d.normalisedEntropy()).isCloseTo(1.0, within(1e-12));
    assertThat(d.margin()).isCloseTo(0.0, within(1e-12));
    assertThat(d.conditionalDivergence()).isCloseTo(0.0, within(1e-12));
    assertThat(d.selfCertainty()).isCloseTo(0.0, within(1e-12));
    assertThat(d.probability(3)).isCloseTo(0.125, within(1e-12));
  }

  @Test
  void oneHotLogitsHaveZeroEntropyAndFullMargin() {
    float[] oneHot = {MASK, 0f, MASK, MASK};
    GuidedDistribution d = computed(oneHot, oneHot.clone(), 2.0, 1.0);
    assertThat(d.normalisedEntropy()).isEqualTo(0.0);
    assertThat(d.margin()).isEqualTo(1.0);
    assertThat(d.mostProbable()).isEqualTo(1);
    assertThat(d.draw(new SplittableRandom(1))).isEqualTo(1);
  }

  @Test
  void nearlyOneHotLogitsApproachTheLimits() {
    float[] peaked = {0f, -60f, -60f, -60f};
    GuidedDistribution d = computed(peaked, peaked.clone(), 1.0, 1.0);
    assertThat(d.normalisedEntropy()).isBetween(0.0, 1e-20);
    assertThat(d.margin()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void twoPeakLogitsMatchHandComputedEntropyAndMargin() {
    GuidedDistribution d = computed(logs(0.4, 0.4, 0.1, 0.1), logs(0.4, 0.4, 0.1, 0.1), 3.0, 1.0);
    double h = -(2 * 0.4 * Math.log(0.4) + 2 * 0.1 * Math.log(0.1)); // 1.19355 nats
    assertThat(d.normalisedEntropy()).isCloseTo(h / Math.log(4), within(1e-7));
    assertThat(d.margin()).isCloseTo(0.0, within(1e-7));
    GuidedDistribution lopsided = computed(logs(0.5, 0.3, 0.2), logs(0.5, 0.3, 0.2), 1.0, 1.0);
    assertThat(lopsided.margin()).isCloseTo(0.2, within(1e-7));
  }

  @Test
  void divergenceIsTheKlOfConditionalFromUnconditional() {
    GuidedDistribution d = computed(logs(0.9, 0.1), logs(0.5, 0.5), 1.0, 1.0);
    double kl = 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5); // 0.368064
    assertThat(d.conditionalDivergence()).isCloseTo(kl, within(1e-7));
    // KL is computed on the raw halves: independent of the CFG scale and temperature
    GuidedDistribution guided = computed(logs(0.9, 0.1), logs(0.5, 0.5), 7.5, 0.5);
    assertThat(guided.conditionalDivergence()).isCloseTo(kl, within(1e-7));
  }

  @Test
  void divergenceGrowsWithoutBoundAsTheHalvesSeparate() {
    GuidedDistribution d = computed(new float[] {0f, -40f}, new float[] {-40f, 0f}, 1.0, 1.0);
    assertThat(d.conditionalDivergence()).isCloseTo(40.0, within(1e-6));
  }

  @Test
  void guidedLogitsAreUnconditionalPlusScaledDifferenceOverTemperature() {
    float[] cond = {1f, 0f, -1f};
    float[] uncond = {0f, 0.5f, 0f};
    double s = 2.5, t = 0.7;
    GuidedDistribution d = computed(cond, uncond, s, t);
    double[] g = new double[3];
    double z = 0;
    for (int i = 0; i < 3; i++) {
      g[i] = Math.exp((uncond[i] + s * (cond[i] - uncond[i])) / t);
      z += g[i];
    }
    for (int i = 0; i < 3; i++) assertThat(d.probability(i)).isCloseTo(g[i] / z, within(1e-12));
    assertThat(d.logProbability(2)).isCloseTo(Math.log(g[2] / z), within(1e-12));
  }

  @Test
  void selfCertaintyIsTheKlFromUniformToPi() {
    GuidedDistribution d = computed(logs(0.7, 0.2, 0.1), logs(0.7, 0.2, 0.1), 1.0, 1.0);
    double expected =
        (Math.log((1.0 / 3) / 0.7) + Math.log((1.0 / 3) / 0.2) + Math.log((1.0 / 3) / 0.1)) / 3;
    assertThat(d.selfCertainty()).isCloseTo(expected, within(1e-7));
  }

  @Test
  void maskedTokensAreNeverDrawnAndAMaskInEitherHalfMasksBoth() {
    float[] cond = {0f, MASK, 0f, 0f};
    float[] uncond = {0f, 0f, MASK, 0f};
    GuidedDistribution d = computed(cond, uncond, 3.0, 1.0);
    SplittableRandom random = new SplittableRandom(3);
    for (int k = 0; k < 2000; k++) assertThat(d.draw(random)).isIn(0, 3);
    assertThat(d.probability(0)).isCloseTo(0.5, within(1e-12));
    assertThat(d.conditionalDivergence()).isCloseTo(0.0, within(1e-12));
    assertThat(d.normalisedEntropy()).isCloseTo(Math.log(2) / Math.log(4), within(1e-12));
  }

  @Test
  void rejectsNaNAndPositiveInfinityAndAllMasked() {
    GuidedDistribution d = new GuidedDistribution(2);
    assertThatThrownBy(() -> d.compute(new float[] {Float.NaN, 0}, 0, new float[2], 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token 0");
    assertThatThrownBy(
            () -> d.compute(new float[2], 0, new float[] {0, Float.POSITIVE_INFINITY}, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token 1");
    assertThatThrownBy(() -> d.compute(new float[] {MASK, 0}, 0, new float[] {0, MASK}, 0, 1, 1))
        .hasMessageContaining("every token is masked");
    assertThatThrownBy(() -> d.compute(new float[1], 0, new float[2], 0, 1, 1))
        .hasMessageContaining("cond logits hold 1 floats");
  }

  @Test
  void readsViewsAtTheirOffsets() {
    float[] buffer = {9f, 9f, 0f, 0f, 0f, 5f};
    GuidedDistribution d = new GuidedDistribution(3);
    d.compute(buffer, 2, buffer, 2, 1.0, 1.0);
    assertThat(d.normalisedEntropy()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void drawsFollowTheDistribution() {
    GuidedDistribution d = computed(logs(0.6, 0.3, 0.1), logs(0.6, 0.3, 0.1), 1.0, 1.0);
    int[] counts = new int[3];
    SplittableRandom random = new SplittableRandom(11);
    for (int k = 0; k < 30_000; k++) counts[d.draw(random)]++;
    assertThat(counts[0] / 30_000.0).isCloseTo(0.6, within(0.015));
    assertThat(counts[1] / 30_000.0).isCloseTo(0.3, within(0.015));
    assertThat(counts[2] / 30_000.0).isCloseTo(0.1, within(0.015));
  }

  @Test
  void topKKeepsTheKMostProbable() {
    GuidedDistribution d = computed(logs(0.1, 0.4, 0.2, 0.3), logs(0.1, 0.4, 0.2, 0.3), 1.0, 1.0);
    d.filter(2, 1.0);
    SplittableRandom random = new SplittableRandom(5);
    int[] counts = new int[4];
    for (int k = 0; k < 7000; k++) counts[d.draw(random)]++;
    assertThat(counts[0]).isZero();
    assertThat(counts[2]).isZero();
    assertThat(counts[1] / 7000.0).isCloseTo(4.0 / 7, within(0.02));
    d.filter(1, 1.0);
    assertThat(d.draw(random)).isEqualTo(1);
  }

  @Test
  void topPKeepsTheSmallestNucleusReachingP() {
    GuidedDistribution d =
        computed(logs(0.05, 0.5, 0.15, 0.3), logs(0.05, 0.5, 0.15, 0.3), 1.0, 1.0);
    d.filter(0, 0.75); // 0.5 + 0.3 ≥ 0.75
    SplittableRandom random = new SplittableRandom(9);
    for (int k = 0; k < 3000; k++) assertThat(d.draw(random)).isIn(1, 3);
    assertThat(d.filteredMargin()).isCloseTo(0.2 / 0.8, within(1e-7));
    double h = -(0.625 * Math.log(0.625) + 0.375 * Math.log(0.375));
    assertThat(d.filteredNormalisedEntropy()).isCloseTo(h / Math.log(4), within(1e-7));
    // the unfiltered signals are unchanged by the filter (the default CHOICE reads them)
    assertThat(d.margin()).isCloseTo(0.2, within(1e-7));
  }
}
