package dev.scalingar.schemas;

import io.cloudevents.kafka.CloudEventSerializer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings every producer of the fleet uses, so no producer can forget durability. */
public final class KafkaWire {

  private KafkaWire() {}

  /**
   * A CloudEvents producer (binary mode: attributes in {@code ce_*} headers, data as the value):
   * acks=all and idempotence, so a retried send is neither lost nor duplicated in the log.
   */
  public static Map<String, Object> eventProducerConfig(KafkaConnection connection) {
    Map<String, Object> c = connection.clientConfig();
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
    return c;
  }

  /** {@link #eventProducerConfig(KafkaConnection)} on a plaintext listener. */
  public static Map<String, Object> eventProducerConfig(String bootstrapServers) {
    return eventProducerConfig(KafkaConnection.plaintext(bootstrapServers));
  }
}
