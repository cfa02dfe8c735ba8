package dev.scalingar.sampler.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SampledToken;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StateCopy;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TraceEvent;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectoryEnd;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.TrajectorySummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SessionTest {

  private static final Grid GRID = new Grid(8, 8); // L = 64, W0 = 8
  private static final int V = 64;

  private static SamplingJob job(int n, long seed) {
    return SamplingJob.of(n, GRID, V, seed, 4.0);
  }

  private static List<Integer> tokensOf(List<StepResult> results, int trajectory) {
    List<Integer> tokens = new ArrayList<>();
    for (StepResult r : results) {
      for (SampledToken t : r.tokens()) if (t.trajectory() == trajectory) tokens.add(t.token());
    }
    return tokens;
  }

  private static List<TraceRow> traceOf(List<StepResult> results) {
    return results.stream().flatMap(r -> r.trace().stream()).collect(Collectors.toList());
  }

  @Test
  void sameSeedGivesIdenticalTokensAndTrace() {
    for (String name : Strategy.NAMES) {
      List<StepResult> a =
          ScriptedEngine.run(Strategy.named(name).start(job(8, 1234)), Scripts.gaussian(7, 3.0));
      List<StepResult> b =
          ScriptedEngine.run(Strategy.named(name).start(job(8, 1234)), Scripts.gaussian(7, 3.0));
      assertThat(traceOf(b)).as(name).isEqualTo(traceOf(a));
      assertThat(b).as(name).isEqualTo(a);
    }
  }

  @Test
  void differentSeedsGiveDifferentTokens() {
    List<StepResult> a =
        ScriptedEngine.run(Strategy.named("bon").start(job(2, 1)), Scripts.gaussian(7, 1.0));
    List<StepResult> b =
        ScriptedEngine.run(Strategy.named("bon").start(job(2, 2)), Scripts.gaussian(7, 1.0));
    assertThat(tokensOf(a, 0)).isNotEqualTo(tokensOf(b, 0));
    // and trajectories of one job draw from different streams
    assertThat(tokensOf(a, 0)).isNotEqualTo(tokensOf(a, 1));
  }

  @Test
  void baseRunsOneTrajectoryAtTheBaseScale() {
    JobSession session = Strategy.named("base").start(job(8, 5));
    assertThat(session.trajectories()).containsExactly(0);
    List<StepResult> results = ScriptedEngine.run(session, Scripts.gaussian(3, 2.0));
    assertThat(traceOf(results)).allSatisfy(row -> assertThat(row.cfgScale()).isEqualTo(4.0));
    JobOutcome outcome = session.finish();
    assertThat(outcome.selectedTrajectory()).isZero();
    assertThat(outcome.tokens()).hasSize(64);
    assertThat(outcome.accounting().visualTokens()).isEqualTo(64);
    assertThat(outcome.accounting().rowSteps()).isEqualTo(128);
    assertThat(outcome.accounting().fullBestOfNTokens()).isEqualTo(64);
    assertThat(traceOf(results).get(63).event()).isEqualTo(TraceEvent.SELECTED);
  }

  @Test
  void scalingArPrunesTheTrajectoryThatStaysUnconfidentAfterOneProbation() {
    JobSession session = Strategy.named("scalingar").start(job(8, 9));
    List<StepResult> results = ScriptedEngine.run(session, Scripts.oneBad(3));
    List<TraceRow> bad =
        traceOf(results).stream().filter(r -> r.trajectory() == 3).collect(Collectors.toList());
    int flaggedAt =
        bad.stream().filter(r -> r.event() == TraceEvent.FLAGGED).findFirst().orElseThrow().step();
    assertThat(flaggedAt).isGreaterThanOrEqualTo(8); // after warm-up
    TraceRow last = bad.get(bad.size() - 1);
    assertThat(last.event()).isEqualTo(TraceEvent.TERMINATED);
    assertThat(last.step()).isEqualTo(flaggedAt + 32);
    assertThat(results.get(last.step()).ended())
        .contains(new TrajectoryEnd(3, EndReason.TERMINATED));
    JobOutcome outcome = session.finish();
    assertThat(outcome.selectedTrajectory()).isNotEqualTo(3);
    assertThat(outcome.accounting().visualTokens())
        .isLessThan(8 * 64)
        .isEqualTo(outcome.trajectories().stream().mapToLong(TrajectorySummary::steps).sum());
    assertThat(outcome.accounting().fullBestOfNTokens()).isEqualTo(8 * 64);
    assertThat(outcome.trajectories().get(3).end()).isEqualTo(EndReason.TERMINATED);
    assertThat(outcome.trajectories().get(3).steps()).isEqualTo(flaggedAt + 33);
  }

  @Test
  void aShadowSessionRunsThePrunedTrajectoryToTheEndWithoutChangingTheJob() {
    JobSession plain = Strategy.named("scalingar").start(job(8, 9));
    List<StepResult> plainResults = ScriptedEngine.run(plain, Scripts.oneBad(3));
    JobOutcome expected = plain.finish();
    JobSession shadow = Strategy.shadowing(Strategy.named("scalingar")).start(job(8, 9));
    List<StepResult> shadowResults = ScriptedEngine.run(shadow, Scripts.oneBad(3));
    JobOutcome outcome = shadow.finish();

    // the job is unchanged: selection, grid, accounting and its trace
    assertThat(outcome.selectedTrajectory()).isEqualTo(expected.selectedTrajectory());
    assertThat(outcome.tokens()).containsExactly(expected.tokens());
    assertThat(outcome.accounting()).isEqualTo(expected.accounting());
    assertThat(traceOf(shadowResults)).isEqualTo(traceOf(plainResults));
    // the pruned trajectory is still terminated where it was, but drew a full grid in shadow
    TrajectorySummary pruned = outcome.trajectories().get(3);
    TrajectorySummary prunedPlain = expected.trajectories().get(3);
    assertThat(pruned.end()).isEqualTo(EndReason.TERMINATED);
    assertThat(pruned.steps()).isEqualTo(prunedPlain.steps()).isLessThan(64);
    assertThat(pruned.tokens()).hasSize(64).startsWith(prunedPlain.tokens());
    // the engine keeps its slot to the end: no early end is reported
    int lastStep = shadowResults.size() - 1;
    assertThat(shadowResults.subList(0, lastStep)).allSatisfy(r -> assertThat(r.ended()).isEmpty());
    assertThat(shadowResults.get(lastStep).ended()).hasSize(8);
  }

  @Test
  void selectionTakesTheHighestFinalConfidenceAmongFinishers() {
    JobSession session = Strategy.named("scheduler_only").start(job(4, 3));
    List<StepResult> results = ScriptedEngine.run(session, Scripts.gaussian(11, 3.0));
    JobOutcome outcome = session.finish();
    List<TraceRow> lastStep = results.get(63).trace();
    TraceRow best = lastStep.stream().max((x, y) -> Double.compare(x.c(), y.c())).orElseThrow();
    assertThat(outcome.selectedTrajectory()).isEqualTo(best.trajectory());
    assertThat(best.event()).isEqualTo(TraceEvent.SELECTED);
    assertThat(outcome.tokens())
        .containsExactly(tokensOf(results, best.trajectory()).stream().mapToInt(i -> i).toArray());
  }

  @Test
  void schedulerChangesTheScaleFromTheNextStepAndTerminationOnlyKeepsItFixed() {
    JobSession scheduled = Strategy.named("scalingar").start(job(2, 4));
    List<TraceRow> trace = traceOf(ScriptedEngine.run(scheduled, Scripts.gaussian(5, 3.0)));
    assertThat(trace.get(0).cfgScale()).isEqualTo(4.0);
    assertThat(trace.stream().mapToDouble(TraceRow::cfgScale).distinct().count()).isGreaterThan(2);
    assertThat(trace).allSatisfy(r -> assertThat(r.cfgScale()).isBetween(1.0, 8.0));
    JobSession fixed = Strategy.named("termination_only").start(job(2, 4));
    assertThat(traceOf(ScriptedEngine.run(fixed, Scripts.gaussian(5, 3.0))))
        .allSatisfy(r -> assertThat(r.cfgScale()).isEqualTo(4.0));
  }

  @Test
  void bestOfNPicksTheHighestRewardAndTheOracleIsInjectable() {
    // the oracle likes grids with many zeros; make it decisive by counting token 0
    JobSession oracle =
        Strategy.oracleBestOfN(
                tokens -> {
                  int zeros = 0;
                  for (int t : tokens) if (t == 0) zeros++;
                  return zeros;
                })
            .start(job(6, 8));
    assertThat(oracle.strategy()).isEqualTo("oracle_bon");
    ScriptedEngine.run(oracle, Scripts.gaussian(2, 1.0));
    JobOutcome outcome = oracle.finish();
    double best =
        outcome.trajectories().stream().mapToDouble(TrajectorySummary::reward).max().orElseThrow();
    assertThat(outcome.selectedReward()).isEqualTo(best);
    assertThat(outcome.accounting().visualTokens()).isEqualTo(6 * 64);
    assertThat(outcome.trajectories())
        .allSatisfy(t -> assertThat(t.end()).isEqualTo(EndReason.FINISHED));
  }

  @Test
  void importanceSamplingResamplesAtCheckpointsWithValidCopies() {
    JobSession session = Strategy.named("is").start(job(8, 21));
    List<StepResult> results = ScriptedEngine.run(session, Scripts.gaussian(13, 2.0));
    Set<Integer> copySteps = new HashSet<>();
    for (StepResult r : results) {
      if (!r.copies().isEmpty()) copySteps.add(r.step());
      Set<Integer> sources = r.copies().stream().map(StateCopy::source).collect(Collectors.toSet());
      Set<Integer> destinations = new HashSet<>();
      for (StateCopy c : r.copies()) {
        assertThat(sources).doesNotContain(c.destination());
        assertThat(destinations.add(c.destination())).isTrue();
      }
    }
    assertThat(copySteps).isNotEmpty().isSubsetOf(15, 31, 47); // 25/50/75% of 64, minus one
    JobOutcome outcome = session.finish();
    assertThat(outcome.accounting().stateCopies()).isPositive();
    assertThat(outcome.accounting().visualTokens()).isEqualTo(8 * 64);
    // after a copy at step 15 the destination carries the source's first 16 tokens
    StepResult first = results.get(15);
    if (!first.copies().isEmpty()) {
      StateCopy c = first.copies().get(0);
      int[] dst = outcome.trajectories().get(c.destination()).tokens();
      List<Integer> src = tokensOf(results, c.source()).subList(0, 16);
      for (int i = 0; i < 16; i++) assertThat(dst[i]).isEqualTo(src.get(i));
    }
  }

  @Test
  void budgetEndsLowestConfidenceTrajectoriesSoTheJobNeverExceedsIt() {
    long budget = 3 * 64;
    JobSession session = Strategy.named("scheduler_only").start(job(8, 2).withTokenBudget(budget));
    List<StepResult> results = ScriptedEngine.run(session, Scripts.gaussian(17, 3.0));
    JobOutcome outcome = session.finish();
    assertThat(outcome.accounting().visualTokens()).isLessThanOrEqualTo(budget);
    assertThat(outcome.tokens()).hasSize(64);
    assertThat(
            results.stream()
                .flatMap(r -> r.ended().stream())
                .filter(e -> e.reason() == EndReason.BUDGET))
        .isNotEmpty();
    assertThatThrownBy(() -> Strategy.named("scalingar").start(job(8, 2).withTokenBudget(70)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenBudget");
  }

  @Test
  void rejectsInputThatDoesNotMatchTheLiveTrajectories() {
    JobSession session = Strategy.named("bon").start(job(2, 1));
    float[] ok = new float[V];
    assertThatThrownBy(() -> session.step(StepInput.of(new TrajectoryLogits(0, ok, ok))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one row per live trajectory");
    assertThatThrownBy(
            () ->
                session.step(
                    StepInput.of(new TrajectoryLogits(0, ok, ok), new TrajectoryLogits(0, ok, ok))))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(
            () ->
                session.step(
                    StepInput.of(new TrajectoryLogits(0, ok, ok), new TrajectoryLogits(5, ok, ok))))
        .hasMessageContaining("not live");
    float[] shortRow = new float[V - 1];
    assertThatThrownBy(
            () ->
                session.step(
                    StepInput.of(
                        new TrajectoryLogits(0, ok, ok), new TrajectoryLogits(1, shortRow, ok))))
        .hasMessageContaining("cond logits of trajectory 1 hold 63");
    assertThatThrownBy(session::finish).isInstanceOf(IllegalStateException.class);
    // still usable after rejected input
    assertThat(
            session
                .step(
                    StepInput.of(new TrajectoryLogits(0, ok, ok), new TrajectoryLogits(1, ok, ok)))
                .tokens())
        .hasSize(2);
  }

  @Test
  void everyNamedStrategyStartsAndUnknownNamesAreRejected() {
    for (String name : Strategy.NAMES) assertThat(Strategy.named(name).name()).isEqualTo(name);
    assertThatThrownBy(() -> Strategy.named("greedy"))
        .hasMessageContaining("unknown strategy 'greedy'");
    assertThatThrownBy(() -> Strategy.named("oracle_bon")).hasMessageContaining("oracleBestOfN");
  }
}
