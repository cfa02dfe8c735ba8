package dev.scalingar.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A job is admitted as soon as enough slots are free, at the next step, including slots freed by
 * pruning one step earlier: pruning turns into throughput. FIFO, with backfill: when the oldest
 * pending job does not fit, a later one that fits may go first, until the oldest has waited {@code
 * agingSteps} steps for slots; then slots are held for it, so no job starves.
 *
 * <p>The aging clock belongs to one job: when the head changes (it started, or it was cancelled),
 * the clock starts again for the new head.
 */
final class RefillAdmission implements AdmissionPolicy {

  private final int agingSteps;
  private String headId;
  private long headWaitingSince;

  RefillAdmission(int agingSteps) {
    this.agingSteps = agingSteps;
  }

  @Override
  public List<Queued> admit(Queue queue) {
    List<Queued> admitted = new ArrayList<>();
    int free = queue.freeSlots();
    for (int i = 0; i < queue.pending().size(); i++) {
      Queued q = queue.pending().get(i);
      boolean head = admitted.size() == i; // every job before it started: it is the oldest waiting
      if (q.trajectories() > free) {
        if (head && headWaitedTooLong(q, queue.step())) {
          break; // hold every free slot for the head
        }
        continue;
      }
      if (head) {
        headId = null;
      }
      admitted.add(q);
      free -= q.trajectories();
    }
    return admitted;
  }

  private boolean headWaitedTooLong(Queued head, long step) {
    if (!head.jobId().equals(headId)) {
      headId = head.jobId();
      headWaitingSince = step;
    }
    return step - headWaitingSince >= agingSteps;
  }
}
