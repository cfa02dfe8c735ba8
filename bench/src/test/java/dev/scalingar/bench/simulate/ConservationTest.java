package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.Admission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every job that arrives completes or is still waiting or running when the run stops; none twice.
 */
class ConservationTest {

  static final Map<String, PruningProfile> PROFILES = PruningProfile.shipped();

  @Test
  void autoscaledBurstsWithScaleDownLoseNoJob() {
    // Short cool-down and a fast scale-down, so pods drain and hand their pending jobs back
    // mid-run.
    Keda keda =
        Keda.prod(List.of(new Trigger.KafkaLag(16)), "lag", 30)
            .withCooldown(60)
            .withScaleDown(30, 4, 15);
    Scenario s =
        new Scenario(
            "bursts",
            CostLine.GPU_H200,
            "scalingar",
            PROFILES.get("scalingar"),
            false,
            256,
            128,
            Admission.ADAPTIVE,
            new Arrivals.OnOff(0, 600, 60, 300),
            900,
            4000,
            new Scenario.Autoscaled(keda),
            128,
            3);
    FleetSimulation.Run run = FleetSimulation.run(s);
    ScenarioResult r = run.result();
    assertThat(r.jobs()).isGreaterThan(1000);
    assertThat(run.timeline().stream().anyMatch(x -> x.replicas() < r.maxReplicas() && x.t() > 300))
        .isTrue();
    assertThat(r.completed()).isEqualTo(r.jobs());
    assertThat(r.stillQueued() + r.stillRunning()).isZero();
    // The fleet did grow and shrink, and went to zero between bursts at least once.
    assertThat(r.maxReplicas()).isGreaterThan(1);
    assertThat(run.timeline().stream().anyMatch(x -> x.replicas() == 0 && x.t() > 300)).isTrue();
  }

  @Test
  void aRunStoppedEarlyAccountsForEveryJob() {
    // One CPU worker, far more work than it can do before the stop: some jobs never finish.
    Scenario s =
        new Scenario(
            "overload",
            CostLine.CPU,
            "bon",
            PROFILES.get("bon"),
            false,
            256,
            32,
            Admission.REFILL,
            new Arrivals.Poisson(600),
            60,
            90,
            new Scenario.Fixed(1),
            32,
            5);
    ScenarioResult r = FleetSimulation.run(s).result();
    assertThat(r.completed()).isLessThan(r.jobs());
    assertThat(r.completed() + r.stillQueued() + r.stillRunning()).isEqualTo(r.jobs());
    assertThat(r.stillRunning()).isBetween(1, 4); // 32 slots / N = 8
    assertThat(r.endSeconds()).isEqualTo(90);
  }
}
