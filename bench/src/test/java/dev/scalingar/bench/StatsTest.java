package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void wilsonIntervalMatchesTheTextbookValues() {
    // 8 of 10: Wilson 95% = [0.4902, 0.9433] (e.g. Agresti & Coull 1998; R binom.wilson)
    Stats.Interval ci = Stats.wilson(8, 10);
    assertThat(ci.low()).isCloseTo(0.4902, within(1e-4));
    assertThat(ci.high()).isCloseTo(0.9433, within(1e-4));
    // at the edges it stays inside [0,1] and is not degenerate
    assertThat(Stats.wilson(0, 20).low()).isZero();
    assertThat(Stats.wilson(0, 20).high()).isCloseTo(0.1611, within(1e-4));
    assertThat(Stats.wilson(20, 20).high()).isEqualTo(1.0);
    assertThat(Stats.wilson(0, 0)).isEqualTo(new Stats.Interval(0, 1));
  }

  @Test
  void overallIntervalIsTheNormalIntervalOfTheMeanOfTasks() {
    int[] correct = {5, 9, 0}, total = {10, 10, 0}; // the third task has no images: ignored
    Stats.Interval ci = Stats.meanOfTasks(correct, total);
    double mean = (0.5 + 0.9) / 2;
    double half = 1.959963984540054 * Math.sqrt(0.5 * 0.5 / 10 + 0.9 * 0.1 / 10) / 2;
    assertThat(ci.low()).isCloseTo(mean - half, within(1e-12));
    assertThat(ci.high()).isCloseTo(mean + half, within(1e-12));
  }

  @Test
  void exactMcNemarIsTheTwoSidedBinomialTail() {
    // b = 1, c = 9: 2·P(X ≤ 1 | 10, ½) = 2·11/1024
    assertThat(Stats.exactMcNemar(1, 9)).isCloseTo(22.0 / 1024, within(1e-12));
    assertThat(Stats.exactMcNemar(9, 1)).isCloseTo(22.0 / 1024, within(1e-12));
    assertThat(Stats.exactMcNemar(5, 5)).isEqualTo(1.0);
    assertThat(Stats.exactMcNemar(0, 0)).isEqualTo(1.0);
    // large counts stay finite: 2·P(X ≤ 400 | 1000, ½) is about 2.6e-10
    assertThat(Stats.exactMcNemar(400, 600)).isBetween(1e-10, 1e-9);
  }

  @Test
  void pairedComparisonCountsDiscordantPromptsOnly() {
    boolean[] a = {true, true, true, false, true, false};
    boolean[] b = {true, false, false, false, true, true};
    Stats.Paired p = Stats.mcnemar(a, b);
    assertThat(p.onlyA()).isEqualTo(2);
    assertThat(p.onlyB()).isEqualTo(1);
    assertThat(p.difference()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(p.pValue()).isEqualTo(1.0); // 2·P(X ≤ 1 | 3, ½) = 2·4/8
    assertThat(p.differenceInterval().low()).isLessThan(p.difference());
    assertThat(p.differenceInterval().high()).isGreaterThan(p.difference());
  }
}
