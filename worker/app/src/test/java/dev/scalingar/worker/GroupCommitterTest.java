package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The commit handling on Kafka's own {@link MockConsumer}, which fails a commit when told to: a
 * refused commit is an outcome, not an exception that ends the worker (issue 21: the worker died on
 * an uncaught CommitFailedException at commitFinished). The real-broker behaviour is in {@code
 * WorkerRuntimeTest} and {@code BrokerRestartTest}.
 */
class GroupCommitterTest {

  static final TopicPartition P0 = new TopicPartition("jobs", 0);

  /** A MockConsumer whose next commit throws what the test gives it. */
  static final class FailingConsumer extends MockConsumer<String, byte[]> {
    final AtomicReference<RuntimeException> next = new AtomicReference<>();

    FailingConsumer() {
      super("earliest");
      assign(List.of(P0));
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      RuntimeException e = next.getAndSet(null);
      if (e != null) {
        throw e;
      }
      super.commitSync(offsets);
    }
  }

  @Test
  void aRefusedCommitIsAnOutcomeAndTheNextOneGoesThrough() {
    FailingConsumer consumer = new FailingConsumer();
    OffsetTracker offsets = new OffsetTracker();
    GroupCommitter commits = new GroupCommitter(consumer, offsets, Duration.ofSeconds(1));
    offsets.started(P0, 0);
    offsets.finished(P0, 0);
    consumer.next.set(new CommitFailedException("kicked out"));
    assertThat(commits.commit()).isInstanceOf(GroupCommitter.Outcome.Refused.class);
    assertThat(consumer.committed(Set.of(P0))).doesNotContainKey(P0);
    // a rebalance under way is refused the same way
    consumer.next.set(new RebalanceInProgressException("rebalancing"));
    assertThat(commits.commit()).isInstanceOf(GroupCommitter.Outcome.Refused.class);
    // still a member after all (or again): the position is committed on the next turn
    assertThat(commits.commit()).isEqualTo(new GroupCommitter.Outcome.Committed(Set.of(P0)));
    assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(1);
    assertThat(commits.commit()).isInstanceOf(GroupCommitter.Outcome.Nothing.class);
  }

  @Test
  void aBrokerThatIsAwayPostponesTheCommitWithoutLosingIt() {
    FailingConsumer consumer = new FailingConsumer();
    OffsetTracker offsets = new OffsetTracker();
    GroupCommitter commits = new GroupCommitter(consumer, offsets, Duration.ofSeconds(1));
    offsets.started(P0, 4);
    offsets.finished(P0, 4);
    consumer.next.set(new TimeoutException("broker away"));
    assertThat(commits.commit()).isInstanceOf(GroupCommitter.Outcome.Postponed.class);
    assertThat(commits.commit()).isEqualTo(new GroupCommitter.Outcome.Committed(Set.of(P0)));
    assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(5);
  }

  @Test
  void attemptsTravelInTheCommittedMetadataToTheNextOwner() {
    FailingConsumer first = new FailingConsumer();
    OffsetTracker offsets = new OffsetTracker();
    GroupCommitter commits = new GroupCommitter(first, offsets, Duration.ofSeconds(1));
    offsets.started(P0, 7);
    assertThat(commits.begin(P0, 7)).isEqualTo(1);
    offsets.started(P0, 8);
    assertThat(commits.begin(P0, 8)).isEqualTo(1);
    assertThat(commits.hasAttemptsToRecord()).isTrue();
    // the position does not move (nothing finished), yet the attempts are committed before the jobs
    // run
    assertThat(commits.commit()).isEqualTo(new GroupCommitter.Outcome.Committed(Set.of(P0)));
    OffsetAndMetadata committed = first.committed(Set.of(P0)).get(P0);
    assertThat(committed.offset()).isEqualTo(7);
    assertThat(AttemptLedger.parse(committed.metadata())).isEqualTo(Map.of(7L, 1, 8L, 1));
    assertThat(commits.hasAttemptsToRecord()).isFalse();

    // The worker dies; a new one is assigned the partition and reads what the group kept.
    FailingConsumer second = new FailingConsumer();
    second.commitSync(Map.of(P0, committed));
    GroupCommitter next = new GroupCommitter(second, new OffsetTracker(), Duration.ofSeconds(1));
    next.assigned(List.of(P0));
    assertThat(next.begin(P0, 7)).isEqualTo(2);
    assertThat(next.begin(P0, 8)).isEqualTo(2);
    assertThat(next.begin(P0, 9)).as("a record nobody started before").isEqualTo(1);
    next.released(List.of(P0));
    assertThat(next.attemptsHeld()).isZero();
  }
}
