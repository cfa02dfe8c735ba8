package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The KEDA/HPA model on scripted metrics. */
class AutoscalerTest {

  static Trigger.Metrics lag(long jobs) {
    return new Trigger.Metrics(jobs, jobs, 0, 0);
  }

  static final Keda PROD = Keda.prod(List.of(new Trigger.KafkaLag(16)), "lag", 120);

  @Test
  void scalesUpAtMostFourPodsAMinute() {
    Autoscaler a = new Autoscaler(PROD);
    int r = a.decide(0, lag(1000), 0); // wants 24 (the max)
    assertThat(r).isEqualTo(5); // activation to 1, then the HPA's 4
    r = a.decide(15, lag(1000), r);
    assertThat(r).isEqualTo(5); // those 4 were added within the last 60 s
    r = a.decide(61, lag(1000), r);
    assertThat(r).isEqualTo(9);
  }

  @Test
  void scalesDownOnePodPerTwoMinutesAfterTheWindowThenToZeroAfterTheCooldown() {
    Autoscaler a = new Autoscaler(PROD);
    int r = 8;
    r = a.decide(0, lag(8 * 16), r);
    assertThat(r).isEqualTo(8);
    r = a.decide(15, lag(16), r); // wants 1, but the window still holds 8
    assertThat(r).isEqualTo(8);
    r = a.decide(301, lag(16), r);
    assertThat(r).isEqualTo(7);
    r = a.decide(316, lag(16), r);
    assertThat(r).isEqualTo(7); // one per 120 s
    r = a.decide(422, lag(16), r);
    assertThat(r).isEqualTo(6);
    // no work after t = 422 (the last active poll): at least 1 replica until the cooldown has
    // passed since then
    r = a.decide(500, lag(0), r);
    assertThat(r).isGreaterThanOrEqualTo(1);
    r = a.decide(422 + PROD.cooldownSeconds() - 1, lag(0), r);
    assertThat(r).isGreaterThanOrEqualTo(1);
    r = a.decide(422 + PROD.cooldownSeconds(), lag(0), r);
    assertThat(r).isZero();
    assertThat(a.decide(2000, lag(0), r)).isZero();
    assertThat(a.decide(2015, lag(1), 0)).isEqualTo(1);
  }

  @Test
  void withinTheToleranceNothingChanges() {
    Autoscaler a = new Autoscaler(PROD);
    assertThat(a.decide(0, lag(10 * 16 + 10), 10)).isEqualTo(10); // 1.06 of the target: within 10 %
    assertThat(a.decide(15, lag(10 * 16 + 40), 10)).isEqualTo(13); // 1.25: ⌈200 / 16⌉
  }

  @Test
  void kedaTakesTheLargerTrigger() {
    Keda both =
        PROD.withTriggers(
            List.of(new Trigger.KafkaLag(16), new Trigger.PendingSteps(1000, false)), "lag+steps");
    Autoscaler a = new Autoscaler(both);
    assertThat(a.decide(0, new Trigger.Metrics(16, 0, 3000, 0), 1)).isEqualTo(3);
  }
}
