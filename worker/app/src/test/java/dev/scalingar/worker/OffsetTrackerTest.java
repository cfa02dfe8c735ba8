package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  static final TopicPartition P0 = new TopicPartition("jobs", 0);
  static final TopicPartition P1 = new TopicPartition("jobs", 1);

  @Test
  void commitsOnlyTheHighestContiguousFinishedOffset() {
    OffsetTracker t = new OffsetTracker();
    t.started(P0, 10);
    t.started(P0, 11);
    t.started(P0, 12);
    t.finished(P0, 12);
    t.finished(P0, 11);
    // 10 is still running: nothing past it may be committed, or a crash would lose job 10.
    assertThat(t.commitPosition(P0)).hasValue(10);
    assertThat(t.commitPosition(P0)).isEmpty(); // unchanged since the last call
    t.finished(P0, 10);
    assertThat(t.commitPosition(P0)).hasValue(13);
  }

  @Test
  void partitionsAreIndependent() {
    OffsetTracker t = new OffsetTracker();
    t.started(P0, 5);
    t.started(P1, 7);
    t.finished(P1, 7);
    assertThat(t.commitPosition(P1)).hasValue(8);
    assertThat(t.commitPosition(P0)).hasValue(5);
    assertThat(t.inFlight()).isEqualTo(1);
  }

  @Test
  void aRevokedPartitionIsForgottenNotCommitted() {
    OffsetTracker t = new OffsetTracker();
    t.started(P0, 3);
    t.revoke(P0);
    assertThat(t.commitPosition(P0)).isEmpty();
    assertThatThrownBy(() -> t.finished(P0, 3)).isInstanceOf(IllegalStateException.class);
    assertThat(t.inFlight()).isZero();
  }
}
