package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingar.engine.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator on a configuration with a closed form: Poisson arrivals, one-trajectory jobs whose
 * length is geometric (so service is exponential up to the 10 ms step), c workers of one slot that
 * take a job only when they can start it (one central queue), a fixed fleet: M/M/c, Erlang C.
 */
class ErlangCTest {

  static final int C = 4;
  static final double STEP_SECONDS = 0.010;
  static final int MEAN_STEPS = 40; // mean service 0.4 s: μ = 2.5 / s
  static final double LAMBDA_PER_SECOND = 7.5; // ρ = λ / (c μ) = 0.75
  static final int HORIZON_SECONDS = 6000; // ≈ 45,000 jobs

  @Test
  void waitingMatchesErlangC() {
    ScenarioResult r = FleetSimulation.run(scenario(7)).result();
    double mu = 1 / (MEAN_STEPS * STEP_SECONDS);
    double a = LAMBDA_PER_SECOND / mu;
    double pWait = erlangC(C, a);
    double meanWait = pWait / (C * mu - LAMBDA_PER_SECOND);
    assertThat(r.completed()).isEqualTo(r.jobs());
    assertThat(r.jobs()).isBetween(43_000, 47_000);
    // Geometric steps have a squared coefficient of variation of 1 − 1/40, not 1: the M/G/c mean
    // wait
    // is ≈ 1.2 % below M/M/c's. Both within a few percent over this run.
    assertThat(r.waitedFraction()).isCloseTo(pWait, within(0.03 * pWait));
    assertThat(r.meanWaitS()).isCloseTo(meanWait, within(0.07 * meanWait));
    assertThat(r.utilisation()).isCloseTo(0.75, within(0.02));
  }

  @Test
  void erlangCFormulaIsRight() {
    // Textbook value: c = 2, a = 1 (ρ = 0.5): C = 1/3.
    assertThat(erlangC(2, 1)).isCloseTo(1.0 / 3, within(1e-12));
  }

  static double erlangC(int c, double a) {
    double term = 1, sum = 0; // a^k / k!
    for (int k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    double top = term * c / (c - a);
    return top / (sum + top);
  }

  static Scenario scenario(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> jobs = new ArrayList<>();
    double p = 1.0 / MEAN_STEPS;
    for (int i = 0; i < 50_000; i++) {
      int steps = 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
      jobs.add(new int[] {steps});
    }
    int grid = 1_000_000; // jobs end when their one trajectory does
    PruningProfile geometric = new PruningProfile("geometric", grid, Double.NaN, jobs);
    CostLine flat =
        new CostLine("test", STEP_SECONDS * 1000, 0, 1e-12, 0, 1, "a flat 10 ms step", null, false);
    return new Scenario(
        "mmc",
        flat,
        "bon",
        geometric,
        false,
        grid,
        1,
        Admission.REFILL,
        new Arrivals.Poisson(LAMBDA_PER_SECOND * 60),
        HORIZON_SECONDS,
        2.0 * HORIZON_SECONDS,
        new Scenario.Fixed(C),
        Scenario.ONLY_WHAT_FITS,
        seed);
  }
}
