package dev.scalingar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.AdmissionPolicy.Queue;
import dev.scalingar.engine.AdmissionPolicy.Queued;
import dev.scalingar.engine.AdmissionPolicy.Running;
import dev.scalingar.engine.CostAwareAdmission.Decision;
import dev.scalingar.engine.model.StepCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostAwareAdmissionTest {

  /**
   * A CPU-like line: every distinct position is a call of its own costing 10, plus 1 per
   * trajectory.
   */
  private static final StepCost CALL_PER_POSITION =
      cohorts ->
          10 * cohorts.stream().mapToInt(StepCost.Cohort::position).distinct().count()
              + cohorts.stream().mapToInt(StepCost.Cohort::trajectories).sum();

  /** A GPU-like line: one call whatever the positions, rows nearly free. */
  private static final StepCost ONE_CALL =
      cohorts ->
          cohorts.isEmpty()
              ? 0
              : 10 + 0.01 * cohorts.stream().mapToInt(StepCost.Cohort::trajectories).sum();

  private static final Queued SMALL = new Queued("small", 2, 16, 0);
  private static final Queued OTHER = new Queued("other", 6, 16, 0);

  private static CostAwareAdmission policy(StepCost cost, int cohortWaitSteps) {
    return new CostAwareAdmission(cost, 64, cohortWaitSteps);
  }

  private static List<String> ids(List<Queued> admitted) {
    return admitted.stream().map(Queued::jobId).toList();
  }

  @Test
  void followsTheCostLineOnScriptedCosts() {
    CostAwareAdmission p = policy(CALL_PER_POSITION, 1000);
    // A running cohort at position 0 that the candidate would join: per sampled step the extra is
    // 2 trajectories (no new call), 2 × 16 steps = 32; later it is 2/8 of a cohort of 8 (the queue
    // holds 8 trajectories): 18 × 2/8 × 16 = 72.
    Queue joinable = new Queue(1, List.of(SMALL, OTHER), 2, 8, List.of(new Running("a", 6, 0, 16)));
    assertThat(p.costNow(joinable.running(), List.of(SMALL))).isEqualTo(32.0);
    assertThat(p.costLater(joinable, List.of(SMALL))).isEqualTo(72.0);
    assertThat(ids(p.admit(joinable))).containsExactly("small");
    assertThat(p.lastDecision()).isEqualTo(Decision.CHEAPER_NOW);
    // The same candidate beside a cohort at position 100: a call of its own every step, (10 + 2) ×
    // 16.
    Queue apart = new Queue(2, List.of(SMALL, OTHER), 2, 8, List.of(new Running("a", 6, 100, 16)));
    assertThat(p.costNow(apart.running(), List.of(SMALL))).isEqualTo(192.0);
    assertThat(p.admit(apart)).isEmpty();
    assertThat(p.lastDecision()).isEqualTo(Decision.HOLD);
    // Nothing else queued: waiting cannot make a bigger cohort, so its own call now costs the same
    // as later.
    Queue alone = new Queue(3, List.of(SMALL), 2, 8, List.of(new Running("a", 6, 100, 16)));
    assertThat(p.costLater(alone, List.of(SMALL))).isEqualTo(192.0);
    assertThat(ids(p.admit(alone))).containsExactly("small");
  }

  @Test
  void refillsAtOnceWhereRowsAreNearlyFree() {
    CostAwareAdmission p = policy(ONE_CALL, 1000);
    Queue apart = new Queue(2, List.of(SMALL, OTHER), 2, 8, List.of(new Running("a", 6, 100, 16)));
    assertThat(ids(p.admit(apart))).containsExactly("small");
    assertThat(p.lastDecision()).isEqualTo(Decision.CHEAPER_NOW);
    // And a model without a cost line of its own behaves as REFILL.
    CostAwareAdmission flat = policy(StepCost.PER_TRAJECTORY, 1000);
    assertThat(ids(flat.admit(apart))).containsExactly("small");
  }

  @Test
  void anEmptyEngineStartsWhatFitsAtOnce() {
    CostAwareAdmission p = policy(CALL_PER_POSITION, 1000);
    assertThat(ids(p.admit(new Queue(1, List.of(SMALL, OTHER), 8, 8, List.of()))))
        .containsExactly("small", "other");
    assertThat(p.lastDecision()).isEqualTo(Decision.EMPTY_ENGINE);
  }

  @Test
  void aJobThatFitsIsHeldAtMostCohortWaitSteps() {
    CostAwareAdmission p = policy(CALL_PER_POSITION, 5);
    List<Running> running = List.of(new Running("a", 6, 100, 200));
    for (long step = 10; step < 15; step++) {
      assertThat(p.admit(new Queue(step, List.of(SMALL, OTHER), 2, 8, running)))
          .as("step " + step)
          .isEmpty();
    }
    assertThat(ids(p.admit(new Queue(15, List.of(SMALL, OTHER), 2, 8, running))))
        .containsExactly("small");
    assertThat(p.lastDecision()).isEqualTo(Decision.WAITED_LONG_ENOUGH);
    // The clock restarts after an admission.
    assertThat(p.admit(new Queue(16, List.of(OTHER, SMALL), 2, 8, running))).isEmpty();
    assertThat(p.lastDecision()).isEqualTo(Decision.HOLD);
  }

  /**
   * A stream of one-trajectory jobs beside one job that needs every slot, on the CPU-like line:
   * stepped as the engine would, every job starts within a bound (aging for the big one, the cohort
   * wait for the small ones) and none starves.
   */
  @Test
  void noStarvationUnderAStreamOfSmallJobsBesideALargeOne() {
    int capacity = 8;
    int agingSteps = 12;
    int cohortWait = 6;
    int length = 10;
    CostAwareAdmission p = new CostAwareAdmission(CALL_PER_POSITION, agingSteps, cohortWait);
    Map<String, Queued> pending = new LinkedHashMap<>();
    Map<String, long[]> running = new LinkedHashMap<>(); // job -> {trajectories, started step}
    Map<String, Long> submitted = new LinkedHashMap<>();
    Map<String, Long> waited = new LinkedHashMap<>();
    for (long step = 0; step < 400; step++) {
      if (step == 3) {
        pending.put("big", new Queued("big", capacity, length, 0));
        submitted.put("big", step);
      }
      if (step < 300 && step % 2 == 0) { // half the engine's throughput: a queue that can drain
        String id = "s" + step;
        pending.put(id, new Queued(id, 1, length, 0));
        submitted.put(id, step);
      }
      int busy = running.values().stream().mapToInt(r -> (int) r[0]).sum();
      List<Running> held = new ArrayList<>();
      for (Map.Entry<String, long[]> e : running.entrySet()) {
        long age = step - e.getValue()[1];
        held.add(
            new Running(
                e.getKey(),
                (int) e.getValue()[0],
                (int) Math.max(0, age - 1),
                (int) (length - age)));
      }
      for (Queued q :
          p.admit(
              new Queue(step, List.copyOf(pending.values()), capacity - busy, capacity, held))) {
        pending.remove(q.jobId());
        running.put(q.jobId(), new long[] {q.trajectories(), step});
        waited.put(q.jobId(), step - submitted.get(q.jobId()));
      }
      long now = step;
      running.values().removeIf(r -> now - r[1] + 1 >= length);
    }
    assertThat(pending).as("every job started").isEmpty();
    // The big job waits for aging, then for the slots held for it to drain (one job length).
    assertThat(waited.get("big")).isLessThanOrEqualTo(agingSteps + length + 1L);
    // A small job waits behind the big one at most, plus a cohort wait, plus a queue that drains.
    long worst = waited.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(worst).isLessThanOrEqualTo(agingSteps + 2L * length + cohortWait + 8);
    // And the policy did hold jobs for cohorts, so the bound above was exercised, not vacuous.
    assertThat(waited.values().stream().filter(w -> w > 1).count()).isGreaterThan(10);
  }
}
