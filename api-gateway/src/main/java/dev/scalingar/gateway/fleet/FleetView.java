package dev.scalingar.gateway.fleet;

import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fleet page shows, folded from the same topic as the job view: each worker's latest
 * heartbeat, and the jobs completed, trajectories pruned and tokens saved within a sliding window.
 * Event times (the CloudEvents {@code time}) are used throughout, so a gateway replaying old events
 * after a restart counts none of them as "per minute". Nothing here reads a clock: callers pass
 * {@code now}.
 */
public final class FleetView {

  /** A worker's latest heartbeat and when it was sent. */
  public record Worker(WorkerHeartbeat heartbeat, Instant seenAt) {}

  /** One counted fact inside the rate window. */
  private record Tick(Instant at, int completed, int pruned, long tokensSaved) {}

  /**
   * @param workers workers heard from within {@code missedHeartbeats} of their intervals, by id
   * @param completedPerWindow jobs completed within the window (likewise pruned and tokens saved)
   * @param tokensSavedTotal tokens saved by every completed job this gateway has read
   */
  public record Snapshot(
      List<Worker> workers,
      int completedPerWindow,
      int prunedPerWindow,
      long tokensSavedPerWindow,
      long completedTotal,
      long tokensSavedTotal) {}

  private final int missedHeartbeats;
  private final Duration window;
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final Deque<Tick> ticks = new ArrayDeque<>(); // guarded by this
  private long completedTotal; // guarded by this
  private long tokensSavedTotal; // guarded by this

  public FleetView(int missedHeartbeats, Duration window) {
    if (missedHeartbeats < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "gateway.fleet: missed-heartbeats >= 1 and a positive rate-window");
    }
    this.missedHeartbeats = missedHeartbeats;
    this.window = window;
  }

  public void onHeartbeat(WorkerHeartbeat h, Instant sentAt) {
    workers.merge(
        h.worker(),
        new Worker(h, sentAt),
        (old, now) -> now.seenAt().isBefore(old.seenAt()) ? old : now);
  }

  /** Counts a job event (already deduplicated by the job view) that happened at {@code at}. */
  public synchronized void onJobEvent(JobEvent event, Instant at, Instant now) {
    if (event instanceof JobCompleted c) {
      long saved = Math.max(0, c.tokens().fullBonTokens() - c.tokens().visualTokens());
      completedTotal++;
      tokensSavedTotal += saved;
      add(new Tick(at, 1, 0, saved), now);
    } else if (event instanceof TrajectoryPruned) {
      add(new Tick(at, 0, 1, 0), now);
    }
  }

  private void add(Tick t, Instant now) {
    if (t.at().isAfter(now.minus(window))) {
      ticks.addLast(t);
    }
    expire(now);
  }

  private void expire(Instant now) {
    Instant from = now.minus(window);
    ticks.removeIf(
        t -> !t.at().isAfter(from)); // events arrive nearly in time order; the deque stays short
  }

  public synchronized Snapshot snapshot(Instant now) {
    expire(now);
    int completed = 0;
    int pruned = 0;
    long saved = 0;
    for (Tick t : ticks) {
      completed += t.completed();
      pruned += t.pruned();
      saved += t.tokensSaved();
    }
    List<Worker> alive =
        workers.values().stream()
            .filter(
                w ->
                    w.seenAt()
                        .plusMillis(missedHeartbeats * w.heartbeat().intervalMillis())
                        .isAfter(now))
            .sorted(Comparator.comparing(w -> w.heartbeat().worker()))
            .toList();
    return new Snapshot(alive, completed, pruned, saved, completedTotal, tokensSavedTotal);
  }

  public Duration window() {
    return window;
  }
}
