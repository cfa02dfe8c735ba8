package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shipped ScaledObject's steps trigger, threshold S × L (k8s/README.md "Autoscaling"): for jobs
 * of the design N = 8 it decides exactly as the lag trigger alone, since a held job has at most N ×
 * L steps left and is in the lag too (S × L = lagThreshold × N × L); heavier jobs scale the fleet
 * by their work, which the lag cannot see.
 */
class LagPlusStepsTest {

  static final Map<String, PruningProfile> PROFILES = PruningProfile.shipped();

  static final int N = 8;
  static final int L = Scenarios.GRID_STEPS;

  static final Keda LAG =
      Keda.prod(List.of(new Trigger.KafkaLag(Scenarios.PROD_LAG_THRESHOLD)), "lag", 120);

  static final Keda LAG_PLUS_STEPS =
      Keda.prod(
          List.of(
              new Trigger.KafkaLag(Scenarios.PROD_LAG_THRESHOLD),
              new Trigger.PendingSteps(Scenarios.PROD_STEPS_THRESHOLD, false)),
          "lag+steps",
          120);

  @Test
  void theThresholdIsTheLagTriggersTargetInSteps() {
    assertThat(Scenarios.PROD_STEPS_THRESHOLD).isEqualTo(32768);
    assertThat(Scenarios.PROD_STEPS_THRESHOLD)
        .isEqualTo(Scenarios.PROD_LAG_THRESHOLD * N * L)
        .isEqualTo(Scenarios.PROD_SLOTS * L);
    assertThat(Scenarios.triggers(SimulateOptions.defaults()).get(2).triggers())
        .containsExactlyElementsOf(LAG_PLUS_STEPS.triggers());
  }

  /**
   * Any metrics a fleet of N = 8 jobs can show (the workers hold at most N × L steps per
   * uncommitted job): the two autoscalers, fed the same sequence, ask for the same replicas at
   * every poll — activation, tolerance, windows and rate limits included.
   */
  @Test
  void forJobsOfTheDesignNTheStepsNeverOutVoteTheLag() {
    SplittableRandom random = new SplittableRandom(7);
    for (int run = 0; run < 200; run++) {
      Autoscaler lag = new Autoscaler(LAG);
      Autoscaler both = new Autoscaler(LAG_PLUS_STEPS);
      int replicas = 0;
      long uncommitted = 0;
      for (int poll = 0; poll < 400; poll++) {
        uncommitted = Math.max(0, uncommitted + random.nextInt(-40, 41));
        if (random.nextInt(20) == 0) {
          uncommitted = 0;
        }
        long backlog = random.nextLong(uncommitted + 1);
        long held = uncommitted - backlog;
        // anything from nothing left to every held job at its full N × L (the bound itself often)
        long steps = random.nextBoolean() ? held * N * L : random.nextLong(held * N * L + 1);
        Trigger.Metrics m = new Trigger.Metrics(uncommitted, backlog, steps, backlog * N * L);
        double now = poll * 15.0;
        int a = lag.decide(now, m, replicas);
        int b = both.decide(now, m, replicas);
        assertThat(b).as("run %d, poll %d, %s, %d replicas", run, poll, m, replicas).isEqualTo(a);
        replicas = a;
      }
    }
  }

  /**
   * The simulator's prod fleet on both loads, for ScalingAR and for best-of-N (whose jobs hold
   * their full N × L): the same arrivals under {@code lag} and {@code lag+steps} give the same
   * replicas at every poll and the same figures.
   */
  @Test
  void theSimulatedFleetRunsTheSameUnderLagAndLagPlusSteps() {
    SimulateOptions o =
        new SimulateOptions(
            Path.of("unused"),
            List.of(),
            1,
            Path.of("unused"),
            CostLine.CPU,
            CostLine.GPU_H200,
            1800,
            120,
            null,
            Scenarios.SATURATING_JOBS);
    for (Arrivals load : List.of(Scenarios.poisson(), Scenarios.bursty())) {
      for (String strategy : List.of("scalingar", "bon")) {
        PruningProfile p = PROFILES.get(strategy);
        assertThat(p.n()).isEqualTo(N);
        // one name for both: the arrivals are drawn from the seed and the scenario's name
        String name = load.describe() + " " + strategy;
        FleetSimulation.Run lag =
            FleetSimulation.run(Scenarios.fleet(o, name, strategy, p, load, LAG));
        FleetSimulation.Run both =
            FleetSimulation.run(Scenarios.fleet(o, name, strategy, p, load, LAG_PLUS_STEPS));
        assertThat(both.timeline()).as(name).isEqualTo(lag.timeline());
        assertThat(lag.result().maxReplicas()).as(name).isGreaterThan(1);
        assertThat(both.result())
            .as(name)
            .usingRecursiveComparison()
            .ignoringFields("trigger")
            .isEqualTo(lag.result());
      }
    }
  }

  /** Jobs of N = 64 are one message each but eight lag units of work: the steps see them. */
  @Test
  void heavierJobsScaleTheFleetByTheirWork() {
    long jobs = 16; // one worker's lagThreshold
    Trigger.Metrics m = new Trigger.Metrics(jobs, 0, jobs * 64 * L, 0);
    assertThat(new Autoscaler(LAG).decide(0, m, 1)).isEqualTo(1);
    assertThat(new Autoscaler(LAG_PLUS_STEPS).decide(0, m, 1)).isEqualTo(5); // wants 8, +4 a minute
  }
}
