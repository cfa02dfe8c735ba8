package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A receiver on 127.0.0.1 (allow-listed in the test config) that fails the first attempt. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class WebhookTest {

  private record Delivery(
      String id, String timestamp, String signature, byte[] body, int answeredWith) {}

  private HttpServer receiver;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = calls.incrementAndGet() == 1 ? 503 : 204; // the first attempt fails
          deliveries.add(
              new Delivery(
                  exchange.getRequestHeaders().getFirst("webhook-id"),
                  exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  exchange.getRequestHeaders().getFirst("webhook-signature"),
                  body,
                  status));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void completedJobIsDeliveredSignedAndRetriedAfterAFailure() throws Exception {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    String jobId =
        submitted(
            TestTenant.ACME, "{\"prompt\": \"a red circle\", \"webhook_url\": \"" + url + "\"}");
    try (TestWorker worker = new TestWorker()) {
      worker.started(jobId, "acme");
      worker.completed(jobId, "acme");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deliveries.stream().anyMatch(d -> d.answeredWith() == 204));

    assertThat(deliveries).hasSize(2);
    Delivery failed = deliveries.get(0);
    Delivery delivered = deliveries.get(1);
    assertThat(failed.answeredWith()).isEqualTo(503);
    // the same webhook-id on the retry (the terminal event's id), so receivers can dedupe
    assertThat(delivered.id()).isEqualTo(failed.id()).isEqualTo(jobId + "/completed");
    assertThat(Math.abs(Long.parseLong(delivered.timestamp()) - Instant.now().getEpochSecond()))
        .isLessThan(300);
    assertThat(delivered.signature()).isEqualTo(expectedSignature(delivered));

    JsonPath payload = new JsonPath(new String(delivered.body(), StandardCharsets.UTF_8));
    assertThat(payload.getString("type")).isEqualTo("job.completed");
    assertThat(payload.getString("data.job_id")).isEqualTo(jobId);
    assertThat(payload.getString("data.status")).isEqualTo("completed");
    assertThat(payload.getString("data.result.image_url")).contains("image.png");
  }

  /** Standard Webhooks verification, written independently of the gateway's signer. */
  private static String expectedSignature(Delivery d) throws Exception {
    byte[] key =
        Base64.getDecoder().decode(TestTenant.ACME_WEBHOOK_SECRET.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((d.id() + "." + d.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(d.body()));
  }
}
