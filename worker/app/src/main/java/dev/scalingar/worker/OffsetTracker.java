package dev.scalingar.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offset may be committed per partition when jobs finish out of order. A job at offset o is
 * started, later finished; the committable position is one past the highest offset below which
 * every started job has finished, so a crash never skips an unfinished job (at-least-once).
 */
public final class OffsetTracker {

  private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
  private final Map<TopicPartition, Long> highestFinished = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  public synchronized void started(TopicPartition partition, long offset) {
    inFlight.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
  }

  public synchronized void finished(TopicPartition partition, long offset) {
    TreeSet<Long> open = inFlight.get(partition);
    if (open == null || !open.remove(offset)) {
      throw new IllegalStateException("offset " + offset + " of " + partition + " was not in flight");
    }
    highestFinished.merge(partition, offset, Math::max);
  }

  /**
   * The next offset to commit for {@code partition} (Kafka's "next record to read"), if it moved
   * since the last call: the lowest in-flight offset, or one past the highest finished when none is
   * in flight.
   */
  public synchronized OptionalLong commitPosition(TopicPartition partition) {
    TreeSet<Long> open = inFlight.getOrDefault(partition, new TreeSet<>());
    Long finished = highestFinished.get(partition);
    long position;
    if (!open.isEmpty()) {
      position = open.first();
    } else if (finished != null) {
      position = finished + 1;
    } else {
      return OptionalLong.empty();
    }
    Long last = committed.get(partition);
    if (last != null && position <= last) {
      return OptionalLong.empty();
    }
    committed.put(partition, position);
    return OptionalLong.of(position);
  }

  /** Forgets a revoked partition: its in-flight jobs are abandoned, not committed. */
  public synchronized void revoke(TopicPartition partition) {
    inFlight.remove(partition);
    highestFinished.remove(partition);
    committed.remove(partition);
  }

  public synchronized int inFlight() {
    return inFlight.values().stream().mapToInt(TreeSet::size).sum();
  }
}
