package dev.scalingar.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealInfra
class CloudEventOverKafkaTest {

  @Test
  void completedEventRoundTripsThroughTheRealBroker(TestKafka kafka) throws Exception {
    String topic = kafka.topic(Topics.EVENTS, 3);
    var keys = JobCompleted.ObjectKeys.forJob("j-42424242");
    var completed =
        new JobCompleted(
            "j-42424242",
            "acme",
            "scalingar",
            keys,
            keys,
            Instant.parse("2026-11-25T00:00:00Z"),
            2,
            OptionalDouble.of(0.7),
            6,
            new JobCompleted.Tokens(700, 1400, 2048),
            new JobCompleted.Timings(1, 2, 3));
    String id = WireEvents.eventId("j-42424242", EventType.JOB_COMPLETED);
    CloudEvent sent = WireEvents.envelope(id, URI.create("/scalingar/worker/test"), completed);

    var config = KafkaWire.eventProducerConfig(kafka.bootstrapServers());
    assertThat(config)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, completed.jobId(), sent)).get();
    }

    var record = kafka.read(topic, 1, Duration.ofSeconds(30)).get(0);
    assertThat(record.key()).isEqualTo("j-42424242");
    assertThat(record.headers().lastHeader("ce_type").value())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("dev.scalingar.job.completed");
    CloudEvent received = WireEvents.fromKafka(topic, record.headers(), record.value());
    assertThat(received.getId()).isEqualTo("j-42424242/completed");
    assertThat(received.getSubject()).isEqualTo("j-42424242");
    assertThat(received.getExtension(WireEvents.TENANT_EXTENSION)).isEqualTo("acme");
    assertThat(WireEvents.data(received, JobCompleted.class)).isEqualTo(completed);
  }

  @Test
  void aRecordThatIsNotACloudEventIsAWireErrorNotAConsumerCrash(TestKafka kafka) throws Exception {
    String topic = kafka.topic(Topics.jobs("shapes-v1"));
    try (var producer =
        new KafkaProducer<>(
            kafka.producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(topic, "j-1", "garbage".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    var record = kafka.read(topic, 1, Duration.ofSeconds(30)).get(0);
    assertThatThrownBy(() -> WireEvents.fromKafka(topic, record.headers(), record.value()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not a CloudEvent");
    assertThatThrownBy(() -> WireEvents.fromKafka(topic, new RecordHeaders(), null))
        .isInstanceOf(WireFormatException.class);
  }
}
