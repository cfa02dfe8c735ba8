package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.model.DecodeGroups;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaultsRunAgainstTheEmbeddedStackOnPlaintext() {
    WorkerConfig c = WorkerConfig.from(Map.of("SCALINGAR_WORKER_ID", "w"));
    assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(c.kafka().clientProperties()).isEmpty();
    assertThat(c.decodeGroups()).isEqualTo(DecodeGroups.CPU);
  }

  @Test
  void decodeGroupsFollowTheDeviceUnlessSet() {
    assertThat(WorkerConfig.from(Map.of("SCALINGAR_DEVICE", "gpu")).decodeGroups()).isEqualTo(DecodeGroups.SINGLE_CALL);
    assertThat(WorkerConfig.from(Map.of("SCALINGAR_DEVICE", "gpu", "SCALINGAR_DECODE_GROUPS", "fitted")).decodeGroups())
        .isEqualTo(DecodeGroups.CPU);
    assertThat(WorkerConfig.from(Map.of("SCALINGAR_DECODE_GROUPS", "250,10")).decodeGroups()).isEqualTo(new DecodeGroups(250, 10));
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_DECODE_GROUPS", "paged")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SCALINGAR_DECODE_GROUPS: 'paged' is not");
  }

  @Test
  void kafkaClientVariablesAreReadAndCheckedAtStart() {
    WorkerConfig c = WorkerConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9093", "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(c.kafka().clientConfig()).containsEntry("bootstrap.servers", "k:9093").containsEntry("security.protocol", "SASL_SSL");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("KAFKA_CLIENT_SASL_MECHANISMS", "PLAIN")))
        .hasMessageContaining("KAFKA_CLIENT_SASL_MECHANISMS");
  }
}
