package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.profile.Reference;
import dev.scalingar.sampler.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPlanTest {

  @Test
  void bestOfNsRunAlsoServesItsDerivedArmsAndTheSweepAddsRuns() {
    BenchPlan plan =
        BenchPlan.of(
            List.of("oracle_bon", "base", "scalingar"),
            List.of(0.1, 0.2, 0.5),
            SamplerConfig.paperDefaults(),
            false);
    assertThat(plan.runs())
        .extracting(BenchPlan.Run::label)
        .containsExactly(
            "base",
            "bon",
            "scalingar",
            "scalingar_p0.10",
            "scalingar_p0.50"); // p = 0.2 is scalingar
    assertThat(plan.runs().get(1).arms()).containsExactly("bon", "oracle_bon");
    assertThat(plan.runs().get(4).config().termination().quantile()).isEqualTo(0.5);
  }

  @Test
  void regretShadowsOnlyTheStrategiesThatPrune() {
    BenchPlan plan =
        BenchPlan.of(
            List.of("bon", "scalingar", "scheduler_only", "termination_only"),
            List.of(),
            SamplerConfig.paperDefaults(),
            true);
    assertThat(plan.runs())
        .extracting(r -> r.strategy() instanceof Strategy.Shadowing)
        .containsExactly(
            false, true, true, false); // ARMS order: termination_only, then scheduler_only
  }

  @Test
  void unknownStrategiesAndConfigKeysAreRefusedReadably() {
    assertThatThrownBy(
            () -> BenchPlan.of(List.of("best"), List.of(), SamplerConfig.paperDefaults(), false))
        .hasMessageContaining("unknown strategy 'best'");
    assertThatThrownBy(
            () -> ConfigOverrides.apply(SamplerConfig.paperDefaults(), List.of("profile.nope=1")))
        .hasMessageContaining("unknown --config key 'profile.nope'");
    assertThatThrownBy(
            () ->
                ConfigOverrides.apply(
                    SamplerConfig.paperDefaults(), List.of("termination.quantile=2")))
        .hasMessageContaining("termination.quantile");
    SamplerConfig c =
        ConfigOverrides.apply(
            SamplerConfig.paperDefaults(),
            List.of(
                "profile.utilisationReference=across_trajectories",
                "termination.reboundThreshold=1000"));
    assertThat(c.profile().conditional().reference()).isEqualTo(Reference.ACROSS_TRAJECTORIES);
    assertThat(c.termination().reboundThreshold()).isEqualTo(1000);
  }
}
