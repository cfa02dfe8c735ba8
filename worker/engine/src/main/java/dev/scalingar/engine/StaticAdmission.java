package dev.scalingar.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Static batching, the baseline: a new batch is admitted only when no job runs, so slots freed by
 * pruning idle until the whole batch ends. FIFO without backfill: the batch is the longest prefix
 * of the queue that fits.
 */
final class StaticAdmission implements AdmissionPolicy {

  @Override
  public List<Queued> admit(Queue queue) {
    List<Queued> batch = new ArrayList<>();
    if (queue.runningJobs() > 0) {
      return batch;
    }
    int free = queue.freeSlots();
    for (Queued q : queue.pending()) {
      if (q.trajectories() > free) {
        break;
      }
      batch.add(q);
      free -= q.trajectories();
    }
    return batch;
  }
}
