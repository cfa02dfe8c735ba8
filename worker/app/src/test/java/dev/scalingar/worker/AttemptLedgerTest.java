package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AttemptLedgerTest {

  static final TopicPartition P0 = new TopicPartition("jobs", 0);
  static final TopicPartition P1 = new TopicPartition("jobs", 1);

  @Test
  void countsPerRecordAndForgetsWhatTheCommittedPositionPassed() {
    AttemptLedger ledger = new AttemptLedger();
    assertThat(ledger.begin(P0, 3)).isEqualTo(1);
    assertThat(ledger.begin(P0, 3)).isEqualTo(2);
    assertThat(ledger.begin(P0, 4)).isEqualTo(1);
    assertThat(ledger.begin(P1, 3))
        .as("another partition's offset 3 is another record")
        .isEqualTo(1);
    assertThat(ledger.metadata(P0, 3)).isEqualTo("attempts:3=2,4=1");
    // offset 3 finished and the position moved past it: it will never be redelivered
    assertThat(ledger.metadata(P0, 4)).isEqualTo("attempts:4=1");
    assertThat(ledger.size()).isEqualTo(2);
    ledger.revoke(P1);
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void restoresAnotherOwnersCountsAndIgnoresForeignMetadata() {
    AttemptLedger ledger = new AttemptLedger();
    ledger.restore(P0, "attempts:10=2,11=1");
    assertThat(ledger.begin(P0, 10)).isEqualTo(3);
    assertThat(ledger.begin(P0, 11)).isEqualTo(2);
    ledger.restore(P1, "written by some other tool");
    ledger.restore(P1, null);
    ledger.restore(P1, "attempts:x=1,12=,13=4");
    assertThat(ledger.begin(P1, 13)).isEqualTo(5);
    assertThat(AttemptLedger.parse("attempts:")).isEqualTo(Map.of());
  }

  @Test
  void theMetadataStaysUnderTheBrokersLimitHoweverManyRecordsAreInFlight() {
    AttemptLedger ledger = new AttemptLedger();
    for (long offset = 1_000_000_000L; offset < 1_000_000_000L + 1_000; offset++) {
      ledger.begin(P0, offset);
    }
    String metadata = ledger.metadata(P0, 1_000_000_000L);
    assertThat(metadata.length()).isLessThanOrEqualTo(AttemptLedger.MAX_METADATA_CHARS);
    // the oldest in-flight records (the first to be redelivered) are the ones kept
    assertThat(AttemptLedger.parse(metadata))
        .containsEntry(1_000_000_000L, 1)
        .doesNotContainKey(1_000_000_999L);
  }
}
