package dev.scalingar.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EngineTest {

  static final int GRID = 8; // L = 64: warm-up 8 steps, probation 32
  static final int VOCAB = 16;

  static EngineJob<String> job(String id, String strategy, int n, long seed) {
    SamplingJob sampling = SamplingJob.of(n, new Grid(GRID, GRID), VOCAB, seed, 2.0);
    return new EngineJob<>(id, "a red square", Strategy.named(strategy), sampling, id);
  }

  static List<StepReport<String>> runUntilIdle(Engine<String> engine, int maxSteps) {
    List<StepReport<String>> reports = new ArrayList<>();
    for (int i = 0; i < maxSteps && !engine.isIdle(); i++) {
      reports.add(engine.step());
    }
    assertThat(engine.isIdle()).as("engine drained within " + maxSteps + " steps").isTrue();
    return reports;
  }

  @Test
  void aPrunedSlotIsRefilledOnTheVeryNextStep() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept(3));
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-scalingar", "scalingar", 4, 1));
    engine.submit(job("j-waiting", "base", 1, 2));
    List<StepReport<String>> reports = runUntilIdle(engine, 500);

    StepReport<String> prune =
        reports.stream().filter(r -> !r.pruned().isEmpty()).findFirst().orElseThrow();
    assertThat(prune.pruned())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.trajectory()).isEqualTo(3);
              assertThat(p.reason()).isEqualTo(EndReason.TERMINATED);
            });
    StepReport<String> refill =
        reports.stream()
            .filter(r -> r.started().stream().anyMatch(s -> s.job().jobId().equals("j-waiting")))
            .findFirst()
            .orElseThrow();
    assertThat(refill.step()).isEqualTo(prune.step() + 1);
    // The waiting job's prefill ran in that very step, next to the survivors' decodes, in one
    // model call: every step is one forward, and this one carries both.
    assertThat(refill.busySlots()).isEqualTo(4);
    assertThat(model.forwards).hasSize(reports.size());
    assertThat(model.forwards.get((int) refill.step() - 1)).containsExactly(1, 3);
  }

  @Test
  void everySlotIsBusyWhileWorkIsPending() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept());
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    for (int i = 0; i < 8; i++) {
      engine.submit(job("j-" + i, "base", 1, i));
    }
    List<StepReport<String>> reports = runUntilIdle(engine, 1000);
    long stepsWithPending = reports.stream().filter(r -> r.step() <= 64).count();
    assertThat(reports.stream().filter(r -> r.step() <= 64))
        .allSatisfy(r -> assertThat(r.busySlots()).isEqualTo(4));
    assertThat(stepsWithPending).isEqualTo(64);
    assertThat(reports.stream().mapToInt(r -> r.finished().size()).sum()).isEqualTo(8);
  }

  @Test
  void jobsFinishWithTheirOutcomeAndAFullTrace() {
    ScriptedModel model = new ScriptedModel(8, GRID, VOCAB, ScriptedModel.peakedExcept(2, 5));
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-1", "scalingar", 8, 7));
    List<StepReport<String>> reports = runUntilIdle(engine, 500);
    StepReport.Finished<String> f =
        reports.stream().flatMap(r -> r.finished().stream()).findFirst().orElseThrow();
    assertThat(f.outcome().tokens()).hasSize(GRID * GRID);
    assertThat(f.outcome().selectedTrajectory()).isNotIn(2, 5);
    assertThat(f.trace()).isNotEmpty();
    assertThat(f.outcome().accounting().fullBestOfNTokens()).isEqualTo(8L * GRID * GRID);
    assertThat(f.outcome().accounting().visualTokens()).isLessThan(8L * GRID * GRID);
    assertThat(model.calls.get(0)).isEqualTo("prefill 8");
  }

  @Test
  void aSurvivorMovesDownIntoTheSlotAPrunedTrajectoryLeftAndKeepsItsTokens() {
    int[][] tokens = new int[2][];
    for (boolean compact : new boolean[] {true, false}) {
      ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept(0));
      Engine<String> engine =
          new Engine<>(
              model,
              EngineOptions.defaults().withAdmission(Admission.STATIC).withCompactRows(compact));
      engine.submit(job("j-survivor", "scalingar", 4, 1));
      tokens[compact ? 0 : 1] =
          runUntilIdle(engine, 500).stream()
              .flatMap(r -> r.finished().stream())
              .findFirst()
              .orElseThrow()
              .outcome()
              .tokens();
      if (compact) {
        // Trajectory 0 is pruned; trajectory 3 (slot 3: rows 6 and 7) moves down into its slot.
        assertThat(model.copies)
            .extracting(c -> c[0] + "->" + c[1])
            .containsExactly("6->0", "7->1");
      } else {
        assertThat(model.copies).isEmpty();
      }
    }
    // A moved trajectory's state moves with it: the same image either way.
    assertThat(tokens[0]).containsExactly(tokens[1]);
  }

  @Test
  void staticBatchingLeavesPrunedSlotsIdle() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept(3));
    Engine<String> engine =
        new Engine<>(model, EngineOptions.defaults().withAdmission(Admission.STATIC));
    engine.submit(job("j-scalingar", "scalingar", 4, 1));
    engine.submit(job("j-waiting", "base", 1, 2));
    List<StepReport<String>> reports = runUntilIdle(engine, 500);
    long firstFinish =
        reports.stream().filter(r -> !r.finished().isEmpty()).findFirst().orElseThrow().step();
    StepReport<String> waitingStart =
        reports.stream()
            .filter(
                r -> !r.started().isEmpty() && r.started().get(0).job().jobId().equals("j-waiting"))
            .findFirst()
            .orElseThrow();
    assertThat(waitingStart.step()).isEqualTo(firstFinish + 1);
  }

  @Test
  void cancelFreesARunningJobsSlotsAtOnce() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept());
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-long", "bon", 4, 1));
    engine.submit(job("j-next", "bon", 4, 2));
    engine.step();
    engine.step();
    assertThat(engine.cancel("j-long")).isPresent();
    assertThat(engine.busySlots()).isZero();
    StepReport<String> next = engine.step();
    assertThat(next.started()).extracting(s -> s.job().jobId()).containsExactly("j-next");
    assertThat(engine.cancel("j-unknown")).isEmpty();
  }

  @Test
  void cancelOfAQueuedJobRemovesIt() {
    ScriptedModel model = new ScriptedModel(2, GRID, VOCAB, ScriptedModel.peakedExcept());
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-a", "bon", 2, 1));
    engine.submit(job("j-b", "bon", 2, 2));
    assertThat(engine.cancel("j-b")).isPresent();
    assertThat(engine.pendingJobs()).isEqualTo(1);
  }

  @Test
  void importanceSamplingCopiesCachesBetweenItsSlots() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept(1));
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-is", "is", 4, 3));
    List<StepReport<String>> reports = runUntilIdle(engine, 500);
    assertThat(reports.stream().mapToInt(r -> r.finished().size()).sum()).isEqualTo(1);
    assertThat(model.copies).isNotEmpty().allSatisfy(c -> assertThat(c[0] % 2).isEqualTo(c[1] % 2));
  }

  @Test
  void sameSeedSameTokens() {
    List<int[]> grids = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Engine<String> engine =
          new Engine<>(
              new ScriptedModel(
                  8,
                  GRID,
                  VOCAB,
                  (slot, p, pos, v) -> {
                    float[] l = new float[v];
                    for (int k = 0; k < v; k++) {
                      l[k] = (float) Math.sin(k * 1.3 + pos * 0.7 + slot);
                    }
                    return l;
                  }),
              EngineOptions.defaults());
      engine.submit(job("j-det", "scalingar", 8, 42));
      grids.add(
          runUntilIdle(engine, 500).stream()
              .flatMap(r -> r.finished().stream())
              .findFirst()
              .orElseThrow()
              .outcome()
              .tokens());
    }
    assertThat(grids.get(0)).containsExactly(grids.get(1));
  }

  /**
   * The sessions of a step may run on several threads ({@link EngineOptions#samplerThreads}): every
   * job draws the tokens and the trace it draws on one, a job whose logits break fails alone, and
   * the reports come in the same order.
   */
  @Test
  void samplerThreadsChangeNothingButWhereTheSessionsRun() {
    List<List<String>> events = new ArrayList<>();
    List<Map<String, int[]>> tokens = new ArrayList<>();
    for (int threads : new int[] {1, 3}) {
      ScriptedModel model =
          new ScriptedModel(
              16,
              GRID,
              VOCAB,
              (slot, p, pos, v) -> {
                float[] l = new float[v];
                for (int k = 0; k < v; k++) {
                  l[k] = (float) Math.sin(k * 1.3 + pos * 0.7 + slot * 0.9);
                }
                if (slot == 15 && pos >= 3) { // the last job's only trajectory breaks at step 3
                  java.util.Arrays.fill(l, Float.NaN);
                }
                return l;
              });
      Engine<String> engine =
          new Engine<>(model, EngineOptions.defaults().withSamplerThreads(threads));
      for (int j = 0; j < 5; j++) {
        engine.submit(job("j-" + j, "scalingar", 3, 10 + j));
      }
      engine.submit(job("j-broken", "base", 1, 99));
      List<String> seen = new ArrayList<>();
      Map<String, int[]> drawn = new TreeMap<>();
      for (StepReport<String> r : runUntilIdle(engine, 1000)) {
        r.pruned()
            .forEach(p -> seen.add(r.step() + " pruned " + p.job().jobId() + "/" + p.trajectory()));
        r.failed()
            .forEach(f -> seen.add(r.step() + " failed " + f.job().jobId() + ": " + f.reason()));
        for (StepReport.Finished<String> f : r.finished()) {
          seen.add(r.step() + " finished " + f.job().jobId() + " " + f.trace().size());
          drawn.put(f.job().jobId(), f.outcome().tokens());
        }
      }
      events.add(seen);
      tokens.add(drawn);
    }
    assertThat(tokens.get(0).keySet()).containsExactly("j-0", "j-1", "j-2", "j-3", "j-4");
    tokens.get(0).forEach((id, t) -> assertThat(tokens.get(1).get(id)).as(id).containsExactly(t));
    assertThat(events.get(1)).containsExactlyElementsOf(events.get(0));
    assertThat(events.get(0)).anyMatch(e -> e.contains("failed j-broken: sampling failed at step"));
  }

  @Test
  void samplerThreadsMustBeOneOrMore() {
    assertThatThrownBy(() -> EngineOptions.defaults().withSamplerThreads(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJobLargerThanTheEngineIsRefusedAtSubmit() {
    Engine<String> engine =
        new Engine<>(
            new ScriptedModel(2, GRID, VOCAB, ScriptedModel.peakedExcept()),
            EngineOptions.defaults());
    assertThatThrownBy(() -> engine.submit(job("j-big", "bon", 8, 1)))
        .hasMessageContaining("needs 8 trajectory slots");
    assertThatThrownBy(
            () ->
                engine.submit(
                    new EngineJob<>(
                        "j-empty",
                        " ",
                        Strategy.named("base"),
                        SamplingJob.of(1, new Grid(GRID, GRID), VOCAB, 1, 2.0),
                        null)))
        .hasMessageContaining("empty prompt");
  }

  @Test
  void aTokenBudgetEndsTheLowestConfidenceTrajectoriesAndIsNeverExceeded() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept(1));
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    SamplingJob sampling =
        SamplingJob.of(4, new Grid(GRID, GRID), VOCAB, 5, 2.0).withTokenBudget(120);
    engine.submit(
        new EngineJob<>("j-budget", "a red square", Strategy.named("bon"), sampling, null));
    List<StepReport<String>> reports = runUntilIdle(engine, 500);
    StepReport.Finished<String> f =
        reports.stream().flatMap(r -> r.finished().stream()).findFirst().orElseThrow();
    assertThat(f.outcome().accounting().visualTokens()).isLessThanOrEqualTo(120);
    assertThat(f.outcome().tokens()).hasSize(GRID * GRID); // one image, always
    assertThat(reports.stream().flatMap(r -> r.pruned().stream()))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.reason()).isEqualTo(EndReason.BUDGET));
  }

  @Test
  void backfillStopsOnceTheHeadHasWaitedAgingSteps() {
    // 4 slots; a 4-slot job runs 64 steps. Behind it a 4-slot head and a stream of 1-slot jobs:
    // with
    // agingSteps 0 the head never lets a small job overtake it.
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept());
    Engine<String> engine =
        new Engine<>(
            model, EngineOptions.defaults().withAdmission(Admission.REFILL).withAgingSteps(0));
    engine.submit(job("j-running", "bon", 3, 1));
    engine.submit(job("j-head", "bon", 4, 2));
    engine.submit(job("j-small", "base", 1, 3));
    List<StepReport<String>> reports = runUntilIdle(engine, 1000);
    long headStart = startOf(reports, "j-head");
    assertThat(startOf(reports, "j-small")).isGreaterThanOrEqualTo(headStart);
  }

  @Test
  void withAgingStepsASmallJobBackfillsTheFreeSlot() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept());
    Engine<String> engine =
        new Engine<>(
            model, EngineOptions.defaults().withAdmission(Admission.REFILL).withAgingSteps(64));
    engine.submit(job("j-running", "bon", 3, 1));
    engine.submit(job("j-head", "bon", 4, 2));
    engine.submit(job("j-small", "base", 1, 3));
    List<StepReport<String>> reports = runUntilIdle(engine, 1000);
    assertThat(startOf(reports, "j-small")).isEqualTo(1);
    assertThat(startOf(reports, "j-head")).isGreaterThan(1);
  }

  @Test
  void cancellingTheAgedHeadGivesTheNextHeadAFreshClock() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept());
    Engine<String> engine =
        new Engine<>(
            model, EngineOptions.defaults().withAdmission(Admission.REFILL).withAgingSteps(4));
    engine.submit(job("j-running", "bon", 3, 1));
    engine.submit(job("j-head", "bon", 4, 2));
    for (int i = 0; i < 6; i++) {
      engine.step(); // the head has aged past 4 steps: the free slot is held for it
    }
    engine.submit(job("j-head2", "bon", 4, 4));
    engine.submit(job("j-small", "base", 1, 5));
    engine.cancel("j-head");
    // j-head2 is the head now and has waited 0 steps: the small job may backfill at once.
    StepReport<String> next = engine.step();
    assertThat(next.started()).extracting(s -> s.job().jobId()).containsExactly("j-small");
  }

  @Test
  void thePlanCarriesTheLastStepsReleasesBeforeItsPrefills() {
    ScriptedModel model = new ScriptedModel(4, GRID, VOCAB, ScriptedModel.peakedExcept(3));
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-scalingar", "scalingar", 4, 1));
    engine.submit(job("j-waiting", "base", 1, 2));
    StepPlan<String> plan;
    do {
      plan = engine.plan();
      engine.apply(plan, plan.runOn(model));
    } while (plan.admitted().stream().noneMatch(s -> s.job().jobId().equals("j-waiting")));
    // Trajectory 3 held slot 3 (rows 6, 7); it was pruned one step earlier and its slot is
    // refilled.
    assertThat(plan.released())
        .containsExactly(new dev.scalingar.engine.model.ImageModel.Rows(6, 7));
    assertThat(plan.prefill())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.jobId()).isEqualTo("j-waiting");
              assertThat(j.rows()).extracting(p -> p.rows().cond()).containsExactly(6);
            });
    assertThat(plan.decode())
        .singleElement()
        .satisfies(j -> assertThat(j.trajectories()).containsExactly(0, 1, 2));
    assertThat(plan.busySlots()).isEqualTo(4);
  }

  private static long startOf(List<StepReport<String>> reports, String jobId) {
    return reports.stream()
        .filter(r -> r.started().stream().anyMatch(s -> s.job().jobId().equals(jobId)))
        .findFirst()
        .orElseThrow()
        .step();
  }

  @Test
  void aJobWhoseLogitsBreakItsSessionFailsAloneAndTheOthersFinish() {
    // Slot 0 (the first job's only trajectory) gets NaN logits from step 3 on.
    ScriptedModel model =
        new ScriptedModel(
            4,
            GRID,
            VOCAB,
            (slot, prompt, pos, v) -> {
              float[] l = new float[v];
              l[(slot * 7 + pos * 3) % v] = 6f;
              if (slot == 0 && pos >= 3) {
                java.util.Arrays.fill(l, Float.NaN);
              }
              return l;
            });
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-broken", "base", 1, 1));
    engine.submit(job("j-fine", "bon", 3, 2));
    List<StepReport<String>> reports = runUntilIdle(engine, 500);
    assertThat(reports.stream().flatMap(r -> r.failed().stream()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.job().jobId()).isEqualTo("j-broken");
              assertThat(f.reason()).startsWith("sampling failed at step ");
            });
    assertThat(reports.stream().flatMap(r -> r.finished().stream()))
        .extracting(f -> f.job().jobId())
        .containsExactly("j-fine");
  }

  @Test
  void aModelErrorFailsTheStepsJobsAndTheEngineGoesOn() {
    boolean[] broken = {true};
    ScriptedModel model =
        new ScriptedModel(
            2,
            GRID,
            VOCAB,
            (slot, prompt, pos, v) -> {
              if (broken[0] && pos == 2) {
                throw new IllegalStateException("CUDA error: an illegal memory access");
              }
              float[] l = new float[v];
              l[(slot + pos) % v] = 6f;
              return l;
            });
    Engine<String> engine = new Engine<>(model, EngineOptions.defaults());
    engine.submit(job("j-a", "base", 1, 1));
    engine.submit(job("j-b", "base", 1, 2));
    engine.submit(job("j-later", "bon", 2, 3));
    List<StepReport<String>> failedSteps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      StepReport<String> r = engine.step();
      if (!r.failed().isEmpty()) {
        failedSteps.add(r);
        broken[0] = false;
      }
    }
    assertThat(failedSteps)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.failed())
                    .extracting(f -> f.job().jobId())
                    .containsExactlyInAnyOrder("j-a", "j-b")
                    .allSatisfy(id -> assertThat(id).isNotNull()));
    assertThat(failedSteps.get(0).failed().get(0).reason()).contains("CUDA error");
    List<StepReport<String>> rest = runUntilIdle(engine, 500);
    assertThat(rest.stream().flatMap(r -> r.finished().stream()))
        .extracting(f -> f.job().jobId())
        .containsExactly("j-later");
  }
}
