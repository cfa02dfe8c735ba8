package dev.scalingar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealInfra
class RealKafkaTest {

  @Test
  void recordsRoundTripThroughTheRealBrokerInKeyOrderPerPartition(TestKafka kafka)
      throws Exception {
    String topic = kafka.topic("jobs", 3);
    try (var producer =
        new KafkaProducer<>(
            kafka.producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 30; i++) {
        producer
            .send(
                new ProducerRecord<>(
                    topic, "job-" + (i % 3), ("v" + i).getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
    var records = kafka.read(topic, 30, Duration.ofSeconds(30));
    assertThat(records).hasSize(30);
    // One key lives on one partition, so its records keep their order.
    var job0 =
        records.stream()
            .filter(r -> r.key().equals("job-0"))
            .map(r -> new String(r.value(), StandardCharsets.UTF_8))
            .toList();
    assertThat(job0).startsWith("v0", "v3", "v6").hasSize(10);
  }

  @Test
  void topicsAreUniquePerTest(TestKafka kafka) {
    assertThat(kafka.topic("jobs")).startsWith("jobs.topicsareuniquepertest-");
  }
}
