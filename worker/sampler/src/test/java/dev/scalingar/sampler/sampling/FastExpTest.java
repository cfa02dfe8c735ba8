package dev.scalingar.sampler.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastExpTest {

  @Test
  void matchesMathExpToOnePartInATrillionWhereWeightsAreVisible() {
    assertThat(worstRelativeError(-250, 0)).isLessThan(1e-12);
    assertThat(worstRelativeError(-700, -250)).isLessThan(1e-7);
    assertThat(worstRelativeError(-100, 0)).isLessThan(2e-13);
    assertThat(FastExp.expNonPositive(0.0)).isEqualTo(1.0);
  }

  private static double worstRelativeError(double from, double to) {
    int n = 200_001;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = from + (to - from) * i / (n - 1);
    double[] y = new double[n];
    FastExp.expNonPositive(x, y, n);
    double worst = 0;
    for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i] / Math.exp(x[i]) - 1));
    return worst;
  }

  @Test
  void belowTheFloorIsNegligibleAndMinusInfinityIsFinite() {
    assertThat(FastExp.expNonPositive(Double.NEGATIVE_INFINITY)).isBetween(0.0, 1e-300);
    assertThat(FastExp.expNonPositive(-5000)).isBetween(0.0, 1e-300);
  }
}
