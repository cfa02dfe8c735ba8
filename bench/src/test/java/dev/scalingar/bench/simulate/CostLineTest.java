package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingar.engine.model.StepCost;
import dev.scalingar.model.DecodeGroups;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost lines say what their documentation says they were made from. */
class CostLineTest {

  static double ms(CostLine line, List<StepCost.Cohort> decode, boolean scalingar) {
    return 1000 * line.stepSeconds(line.stepCost(), decode, 0, scalingar);
  }

  @Test
  void theCpuLineIsTheShippedPlannersAndReproducesModelBenchsRefilledBatch() {
    assertThat(CostLine.CPU.planner().callOverhead())
        .isCloseTo(DecodeGroups.CPU.callOverhead(), within(1e-6));
    assertThat(CostLine.CPU.planner().trajectoryCost())
        .isCloseTo(DecodeGroups.CPU.trajectoryCost(), within(1e-6));
    // model-bench's refilled batch: 4 jobs × 8 trajectories at 254/192/128/4. The shipped planner
    // keeps it one padded call (its two calls measured 42.5 against 36.7 ms on 2026-12-03, one
    // intra-op thread), and the line prices that call within 6 % of the measurement.
    List<StepCost.Cohort> mixed = new ArrayList<>();
    int[] lengths = new int[32];
    int t = 0;
    for (int p : new int[] {254, 192, 128, 4}) {
      mixed.add(new StepCost.Cohort(p, 8));
      for (int i = 0; i < 8; i++) {
        lengths[t++] = 8 + p + 1;
      }
    }
    assertThat(DecodeGroups.CPU.plan(lengths)).hasSize(1);
    double padded = 8.1 + 32 * (0.36 + 0.0018 * (8 + 254 + 1));
    assertThat(ms(CostLine.CPU, mixed, false)).isCloseTo(padded, within(1e-9));
    assertThat(padded).isCloseTo(36.7, within(0.06 * 36.7));
  }

  @Test
  void theGpuLineReproducesTable5() {
    // N = 1 and N = 8 in lockstep over a 32 × 32 grid's middle position: 0.024 and 0.025 s;
    // ScalingAR 0.029 s.
    assertThat(ms(CostLine.GPU_H200, List.of(new StepCost.Cohort(512, 1)), false))
        .isCloseTo(24.1, within(0.1));
    assertThat(ms(CostLine.GPU_H200, List.of(new StepCost.Cohort(512, 8)), false))
        .isCloseTo(25.1, within(0.1));
    assertThat(ms(CostLine.GPU_H200, List.of(new StepCost.Cohort(512, 8)), true))
        .isCloseTo(29.1, within(0.1));
    // A GPU call is dear: the planner never splits a step by position (one call, as the worker
    // plans on a GPU).
    assertThat(CostLine.GPU_H200.planner().plan(new int[] {10, 263, 100})).hasSize(1);
  }

  @Test
  void underTheEnginesPlannerAStepIsTheLinesFiguresOverThePlannersCalls() {
    List<StepCost.Cohort> mixed = new ArrayList<>();
    for (int p : new int[] {254, 192, 128, 4}) {
      mixed.add(new StepCost.Cohort(p, 8));
    }
    CostLine fitted = CostLine.CPU.withFigures("8.15,0.3873,0.001747");
    // One padded call over all 32 (prefix 8: the longest attends to 263 positions).
    CostLine single = fitted.withEnginePlanner(DecodeGroups.SINGLE_CALL);
    assertThat(single.planner()).isEqualTo(DecodeGroups.SINGLE_CALL);
    assertThat(ms(single, mixed, false))
        .isCloseTo(8.15 + 32 * (0.3873 + 0.001747 * 263), within(1e-9));
    // Planning with the line's own ratios gives the line's own figure by either path.
    CostLine own = fitted.withEnginePlanner(fitted.planner());
    assertThat(ms(own, mixed, false)).isCloseTo(ms(fitted, mixed, false), within(1e-9));
    // A prefill with nothing to decode is a call of its own: 8 trajectories of 8 prefix tokens
    // each, attending causally over 1 + 2 + … + 8 = 36 positions.
    assertThat(1000 * single.stepSeconds(single.stepCost(), List.of(), 8, false))
        .isCloseTo(8.15 + 8 * (8 * 0.3873 + 0.001747 * 36), within(1e-9));
  }

  @Test
  void aStepsPrefillsJoinItsFirstDecodeCallUnlessTheEngineRanThemApart() {
    List<StepCost.Cohort> running = List.of(new StepCost.Cohort(100, 24));
    for (CostLine line :
        List.of(
            CostLine.GPU_H200, CostLine.CPU.withEnginePlanner(DecodeGroups.CPU), CostLine.CPU)) {
      double decodeOnly = 1000 * line.stepSeconds(line.stepCost(), running, 0, false);
      double fused = 1000 * line.stepSeconds(line.stepCost(), running, 8, false);
      double apart = 1000 * line.withPrefillApart().stepSeconds(line.stepCost(), running, 8, false);
      // fused: the 8 trajectories' own terms, 8 prefix tokens each; apart: a call more
      double ownTerms = 8 * (8 * line.perTrajectoryMs() + line.perPositionMs() * 36);
      assertThat(fused - decodeOnly).as(line.device()).isCloseTo(ownTerms, within(1e-9));
      assertThat(apart - fused).as(line.device()).isCloseTo(line.fixedMs(), within(1e-9));
    }
  }

  @Test
  void figuresAsModelBenchPrintsThem() {
    CostLine l = CostLine.CPU.withFigures("3.7, 0.2, 0.01");
    assertThat(l.fixedMs()).isEqualTo(3.7);
    assertThat(l.perPositionMs()).isEqualTo(0.01);
    assertThat(l.planner().callOverhead()).isCloseTo(370, within(1e-9));
  }

  @Test
  void theValidationTimesByTheFleetJsonsOwnLineUnlessALineIsGiven() throws Exception {
    com.fasterxml.jackson.databind.JsonNode fleet =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
                {"decode_groups": "4500.0,200.0", "prefill": "fused",
                 "lockstep_line": {"fixed_ms": 6.5, "per_trajectory_ms": 0.31,
                   "per_position_ms": 0.0015, "prefix": 8, "r_squared": 0.97, "steps": 6000}}
                """);
    SimulateOptions defaults = SimulateOptions.defaults();
    CostLine own = Scenarios.validationLine(defaults, fleet);
    assertThat(own.fixedMs()).isEqualTo(6.5);
    assertThat(own.perTrajectoryMs()).isEqualTo(0.31);
    assertThat(own.perPositionMs()).isEqualTo(0.0015);
    assertThat(own.enginePlanner()).isEqualTo(DecodeGroups.CPU);
    assertThat(own.prefillApart()).isFalse();
    assertThat(own.source()).contains("6000 lockstep steps");
    SimulateOptions given =
        new SimulateOptions(
            defaults.out(),
            defaults.only(),
            defaults.seed(),
            defaults.fleetJson(),
            CostLine.CPU.withFigures("3.7,0.2,0.01"),
            defaults.gpu(),
            defaults.horizonSeconds(),
            defaults.podStartSeconds(),
            defaults.profiles(),
            defaults.saturatingJobs());
    assertThat(Scenarios.validationLine(given, fleet).fixedMs()).isEqualTo(3.7);
    // a fleet.json from before both: the shipped line, prefills apart
    CostLine old =
        Scenarios.validationLine(
            defaults, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    assertThat(old.fixedMs()).isEqualTo(CostLine.CPU.fixedMs());
    assertThat(old.prefillApart()).isTrue();
  }
}
