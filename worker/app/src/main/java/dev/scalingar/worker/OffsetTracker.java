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
      throw new IllegalStateException(
          "offset " + offset + " of " + partition + " was not in flight");
    }
    highestFinished.merge(partition, offset, Math::max);
  }

  /**
   * The next offset to commit for {@code partition} (Kafka's "next record to read"), if it moved
   * since the last call: the lowest in-flight offset, or one past the highest finished when none is
   * in flight. Counts as committed at once (tests; the worker uses {@link #position} and {@link
   * #committed}, so that a commit that fails is tried again).
   */
  public synchronized OptionalLong commitPosition(TopicPartition partition) {
    OptionalLong position = position(partition);
    if (position.isEmpty() || !moved(partition, position.getAsLong())) {
      return OptionalLong.empty();
    }
    committed(partition, position.getAsLong());
    return position;
  }

  /** Where a commit of {@code partition} would put it now, whether or not it moved. */
  public synchronized OptionalLong position(TopicPartition partition) {
    TreeSet<Long> open = inFlight.get(partition);
    if (open != null && !open.isEmpty()) {
      return OptionalLong.of(open.first());
    }
    Long finished = highestFinished.get(partition);
    return finished == null ? OptionalLong.empty() : OptionalLong.of(finished + 1);
  }

  /** Whether {@code position} is past what was last committed for {@code partition}. */
  public synchronized boolean moved(TopicPartition partition, long position) {
    Long last = committed.get(partition);
    return last == null || position > last;
  }

  /** The broker has {@code position} for {@code partition}. */
  public synchronized void committed(TopicPartition partition, long position) {
    committed.merge(partition, position, Math::max);
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
