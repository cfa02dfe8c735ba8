package dev.scalingar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.AdmissionPolicy.Queue;
import dev.scalingar.engine.AdmissionPolicy.Queued;
import dev.scalingar.engine.AdmissionPolicy.Running;
import dev.scalingar.engine.model.StepCost;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {

  private static final Queued BIG = new Queued("big", 4, 64, 0);
  private static final Queued SMALL = new Queued("small", 1, 64, 0);
  private static final Queued SMALL2 = new Queued("small2", 1, 64, 0);
  private static final List<Running> ONE_RUNNING = List.of(new Running("other", 2, 10, 54));

  private static List<String> ids(List<Queued> admitted) {
    return admitted.stream().map(Queued::jobId).toList();
  }

  @Test
  void refillBackfillsPastAHeadThatDoesNotFitUntilTheHeadHasAged() {
    AdmissionPolicy refill =
        Admission.REFILL.policy(
            EngineOptions.defaults().withAgingSteps(3), StepCost.PER_TRAJECTORY);
    // Steps 10..12: the head (4 slots) does not fit in 2 free slots; the small job backfills.
    for (long step = 10; step <= 12; step++) {
      assertThat(ids(refill.admit(new Queue(step, List.of(BIG, SMALL), 2, 4, ONE_RUNNING))))
          .as("step " + step)
          .containsExactly("small");
    }
    // Step 13: the head has waited agingSteps = 3 steps, so free slots are held for it.
    assertThat(refill.admit(new Queue(13, List.of(BIG, SMALL), 2, 4, ONE_RUNNING))).isEmpty();
    // Once enough is free the head goes first, and the rest backfills behind it.
    assertThat(ids(refill.admit(new Queue(14, List.of(BIG, SMALL, SMALL2), 5, 8, ONE_RUNNING))))
        .containsExactly("big", "small");
  }

  @Test
  void theAgingClockStartsAgainForANewHead() {
    AdmissionPolicy refill =
        Admission.REFILL.policy(
            EngineOptions.defaults().withAgingSteps(3), StepCost.PER_TRAJECTORY);
    for (long step = 0; step < 3; step++) {
      refill.admit(new Queue(step, List.of(BIG, SMALL), 2, 4, ONE_RUNNING));
    }
    // The old head was cancelled at step 3; the next one (also too big) has waited 0 steps, not 3.
    Queued big2 = new Queued("big2", 4, 64, 3);
    assertThat(ids(refill.admit(new Queue(3, List.of(big2, SMALL), 2, 4, ONE_RUNNING))))
        .containsExactly("small");
    assertThat(ids(refill.admit(new Queue(5, List.of(big2, SMALL2), 2, 4, ONE_RUNNING))))
        .containsExactly("small2");
    assertThat(refill.admit(new Queue(6, List.of(big2, SMALL2), 2, 4, ONE_RUNNING))).isEmpty();
  }

  @Test
  void aHeadThatFitsResetsTheClock() {
    AdmissionPolicy refill =
        Admission.REFILL.policy(
            EngineOptions.defaults().withAgingSteps(2), StepCost.PER_TRAJECTORY);
    refill.admit(new Queue(0, List.of(BIG), 2, 4, ONE_RUNNING));
    refill.admit(new Queue(1, List.of(BIG), 2, 4, ONE_RUNNING));
    assertThat(ids(refill.admit(new Queue(2, List.of(BIG), 4, 4, List.of()))))
        .containsExactly("big");
    Queued big2 = new Queued("big2", 4, 64, 0);
    assertThat(ids(refill.admit(new Queue(3, List.of(big2, SMALL), 2, 4, ONE_RUNNING))))
        .containsExactly("small");
  }

  @Test
  void staticAdmitsOnlyIntoAnEmptyEngineAndNeverBackfills() {
    AdmissionPolicy fixed =
        Admission.STATIC.policy(EngineOptions.defaults(), StepCost.PER_TRAJECTORY);
    assertThat(fixed.admit(new Queue(1, List.of(SMALL), 3, 4, ONE_RUNNING))).isEmpty();
    assertThat(ids(fixed.admit(new Queue(2, List.of(SMALL, SMALL2, BIG), 4, 4, List.of()))))
        .containsExactly("small", "small2");
    assertThat(fixed.admit(new Queue(3, List.of(BIG, SMALL), 2, 4, List.of()))).isEmpty();
  }
}
