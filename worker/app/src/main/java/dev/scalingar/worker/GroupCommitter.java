package dev.scalingar.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs consumer's commits: each assigned partition's position ({@link OffsetTracker}) with the
 * attempt counts of its in-flight records as metadata ({@link AttemptLedger}), and what to do when
 * the group refuses one. Confined to the worker's loop thread (rebalance callbacks run there).
 */
final class GroupCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /** What one {@link #commit} did. */
  sealed interface Outcome {
    /** Nothing had moved. */
    record Nothing() implements Outcome {}

    record Committed(Set<TopicPartition> partitions) implements Outcome {}

    /**
     * The group no longer counts this consumer as a member (a step outlasted max.poll.interval, a
     * broker restart expired its session, it was removed) or is rebalancing. Nothing of it can be
     * committed by us any more: the next poll rejoins, the partitions' jobs are dropped, and their
     * records go to whoever is assigned them, this worker included (at-least-once).
     */
    record Refused(Set<TopicPartition> partitions, String why) implements Outcome {}

    /** The broker is away for now (restarting): kept, and committed on a later turn. */
    record Postponed(Set<TopicPartition> partitions, String why) implements Outcome {}
  }

  private final Consumer<?, ?> consumer;
  private final Duration timeout;
  private final OffsetTracker offsets;
  private final AttemptLedger attempts = new AttemptLedger();

  /** Partitions whose attempt counts changed since their last commit. */
  private final Set<TopicPartition> attemptsToRecord = new HashSet<>();

  /**
   * @param timeout the most a commit waits: the same thread also steps running jobs, and a slow
   *     broker must not stall them long
   */
  GroupCommitter(Consumer<?, ?> consumer, OffsetTracker offsets, Duration timeout) {
    this.consumer = consumer;
    this.offsets = offsets;
    this.timeout = timeout;
  }

  /** The record at {@code offset} starts now: its attempt, to be committed before it runs. */
  int begin(TopicPartition partition, long offset) {
    attemptsToRecord.add(partition);
    return attempts.begin(partition, offset);
  }

  boolean hasAttemptsToRecord() {
    return !attemptsToRecord.isEmpty();
  }

  /** Commits each assigned partition whose position moved or whose attempt counts changed. */
  Outcome commit() {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong position = offsets.position(tp);
      if (position.isPresent()
          && (offsets.moved(tp, position.getAsLong()) || attemptsToRecord.contains(tp))) {
        commit.put(
            tp,
            new OffsetAndMetadata(
                position.getAsLong(), attempts.metadata(tp, position.getAsLong())));
      }
    }
    attemptsToRecord.retainAll(commit.keySet());
    if (commit.isEmpty()) {
      return new Outcome.Nothing();
    }
    try {
      consumer.commitSync(commit, timeout);
      commit.forEach((tp, om) -> offsets.committed(tp, om.offset()));
      attemptsToRecord.removeAll(commit.keySet());
      return new Outcome.Committed(Set.copyOf(commit.keySet()));
    } catch (CommitFailedException | RebalanceInProgressException | FencedInstanceIdException e) {
      attemptsToRecord.removeAll(commit.keySet());
      LOG.warn(
          "commit of {} refused ({}): rejoining the group; their unfinished and uncommitted jobs will be redelivered",
          commit.keySet(),
          FailureMessage.of(e));
      return new Outcome.Refused(Set.copyOf(commit.keySet()), FailureMessage.of(e));
    } catch (RetriableException e) {
      LOG.warn(
          "commit of {} not done yet ({}); tried again next turn",
          commit.keySet(),
          FailureMessage.of(e));
      return new Outcome.Postponed(Set.copyOf(commit.keySet()), FailureMessage.of(e));
    }
  }

  /**
   * Newly assigned partitions: a previous owner's attempt counts, so a redelivered job runs as
   * attempt n + 1.
   */
  void assigned(Collection<TopicPartition> partitions) {
    try {
      consumer
          .committed(new HashSet<>(partitions), timeout)
          .forEach(
              (tp, om) -> {
                if (om != null) {
                  attempts.restore(tp, om.metadata());
                }
              });
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read the committed attempts of {} ({}); their jobs count attempts from here",
          partitions,
          FailureMessage.of(e));
    }
  }

  /** Revoked or lost partitions: their in-flight records are someone else's now. */
  void released(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      offsets.revoke(tp);
      attempts.revoke(tp);
      attemptsToRecord.remove(tp);
    }
  }

  /** Attempt entries held (bounded by the in-flight records of assigned partitions). */
  int attemptsHeld() {
    return attempts.size();
  }
}
