package dev.scalingar.gateway;

import dev.scalingar.infra.EmbeddedKafka;
import dev.scalingar.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One real KRaft broker per test JVM, with the fleet's topics, and the gateway's test tenants. API
 * keys are configured as SHA-256 hashes, as in production.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  /** The broker, for tests that read and write topics directly. */
  static volatile EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.start(0);
    kafka.createTopics(
        List.of(
            new NewTopic(Topics.jobs(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL), 3, (short) 1),
            new NewTopic(Topics.EVENTS, 3, (short) 1),
            new NewTopic(Topics.CONTROL, 1, (short) 1),
            new NewTopic(Topics.JOBS_DLQ, 1, (short) 1)));
    Map<String, String> c = new HashMap<>();
    c.put("gateway.kafka.bootstrap-servers", kafka.bootstrapServers());
    for (TestTenant t : TestTenant.values()) {
      c.put("gateway.tenants." + t.id + ".api-key-sha256", sha256(t.apiKey));
    }
    c.put("gateway.tenants.acme.webhook-secret", TestTenant.ACME_WEBHOOK_SECRET);
    c.put("gateway.tenants.acme.rate-per-second", "1000");
    c.put("gateway.tenants.acme.burst", "1000");
    c.put("gateway.tenants.slow.rate-per-second", "0.1");
    c.put("gateway.tenants.slow.burst", "2");
    c.put("gateway.tenants.capped.max-queued-jobs", "2");
    c.put("gateway.webhooks.signing-key", "test-signing-key");
    c.put("gateway.webhooks.allow-private-targets", "127.0.0.1");
    c.put("gateway.webhooks.initial-backoff", "PT0.2S");
    c.put("gateway.webhooks.max-attempts", "4");
    c.put("gateway.webhooks.timeout", "PT2S");
    c.put("gateway.request.max-body-bytes", "4096");
    return c;
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static String sha256(String s) {
    return dev.scalingar.gateway.tenant.TenantDirectory.sha256Hex(s);
  }
}
