package dev.scalingar.engine;

import dev.scalingar.engine.model.StepCost;
import java.util.ArrayList;
import java.util.List;

/**
 * Admission that follows the model's cost line. Each step it takes the jobs {@link RefillAdmission}
 * would start (FIFO, aged backfill) and asks whether starting them now is cheaper than starting the
 * same work later in a cohort:
 *
 * <ul>
 *   <li><b>now</b>: the predicted extra cost of the running jobs' steps with the candidates added,
 *       over the candidates' whole length (the running jobs leave as they end; no further pruning
 *       is assumed, which is the cautious side);
 *   <li><b>later</b>: the same trajectory-steps run as one fresh cohort of as many trajectories as
 *       the queue can fill ({@code min(capacity, pending trajectories)}), alone in its calls.
 * </ul>
 *
 * <p>On a GPU, where a step costs about the same for 8 rows as for 64 whatever their positions, the
 * extra cost of adding rows is small and the policy refills at once, as REFILL does. On this CPU a
 * cohort at a new position is a call of its own (see the model's decode planner), so a few freed
 * slots are not worth a call for the rest of the batch, and it waits for a cohort; but rows freed
 * while the batch is young join its call for a few positions of padding, and that it takes.
 *
 * <p>Bounds: when nothing runs there is nothing to share and the candidates start at once; a job
 * that fits is held at most {@code cohortWaitSteps} steps (the clock runs while any candidate is
 * held and restarts when one starts), and backfill ages as in REFILL, so no job starves.
 */
final class CostAwareAdmission implements AdmissionPolicy {

  /**
   * Steps between the positions at which the horizon is sampled; the cost line is smooth in
   * position.
   */
  static final int STRIDE = 8;

  private final StepCost cost;
  private final int cohortWaitSteps;
  private final RefillAdmission candidates;
  private long holdingSince = -1;

  CostAwareAdmission(StepCost cost, int agingSteps, int cohortWaitSteps) {
    this.cost = cost;
    this.cohortWaitSteps = cohortWaitSteps;
    this.candidates = new RefillAdmission(agingSteps);
  }

  /** Why the policy decided as it did at a step (for tests and the bench's log). */
  enum Decision {
    NOTHING_TO_ADMIT,
    EMPTY_ENGINE,
    CHEAPER_NOW,
    WAITED_LONG_ENOUGH,
    HOLD
  }

  private Decision last = Decision.NOTHING_TO_ADMIT;

  Decision lastDecision() {
    return last;
  }

  @Override
  public List<Queued> admit(Queue queue) {
    List<Queued> chosen = candidates.admit(queue);
    last = decide(queue, chosen);
    if (last == Decision.HOLD) {
      if (holdingSince < 0) {
        holdingSince = queue.step();
      }
      return List.of();
    }
    if (!chosen.isEmpty()) {
      holdingSince = -1;
    }
    return chosen;
  }

  private Decision decide(Queue queue, List<Queued> chosen) {
    if (chosen.isEmpty()) {
      return Decision.NOTHING_TO_ADMIT;
    }
    if (queue.running().isEmpty()) {
      return Decision.EMPTY_ENGINE;
    }
    if (holdingSince >= 0 && queue.step() - holdingSince >= cohortWaitSteps) {
      return Decision.WAITED_LONG_ENOUGH;
    }
    // A relative tolerance: equal costs summed in another order must not read as "dearer now".
    return costNow(queue.running(), chosen) <= costLater(queue, chosen) * (1 + 1e-9)
        ? Decision.CHEAPER_NOW
        : Decision.HOLD;
  }

  /** The extra cost of the running jobs' steps once the candidates join them at position 0. */
  double costNow(List<Running> running, List<Queued> chosen) {
    int joining = chosen.stream().mapToInt(Queued::trajectories).sum();
    int horizon = chosen.stream().mapToInt(Queued::steps).max().orElse(0);
    double extra = 0;
    for (int t = 0; t < horizon; t += STRIDE) {
      List<StepCost.Cohort> before = new ArrayList<>();
      for (Running r : running) {
        if (t < r.remainingSteps()) {
          before.add(new StepCost.Cohort(r.position() + t, r.trajectories()));
        }
      }
      List<StepCost.Cohort> after = new ArrayList<>(before);
      after.add(new StepCost.Cohort(t, joining));
      extra += (cost.decode(after) - cost.decode(before)) * Math.min(STRIDE, horizon - t);
    }
    return extra;
  }

  /** The same trajectory-steps' share of a fresh cohort as large as the queue can fill. */
  double costLater(Queue queue, List<Queued> chosen) {
    int joining = chosen.stream().mapToInt(Queued::trajectories).sum();
    int horizon = chosen.stream().mapToInt(Queued::steps).max().orElse(0);
    int pending = queue.pending().stream().mapToInt(Queued::trajectories).sum();
    int cohort = Math.max(joining, Math.min(queue.capacity(), pending));
    double share = (double) joining / cohort;
    double total = 0;
    for (int t = 0; t < horizon; t += STRIDE) {
      total +=
          cost.decode(List.of(new StepCost.Cohort(t, cohort)))
              * share
              * Math.min(STRIDE, horizon - t);
    }
    return total;
  }
}
