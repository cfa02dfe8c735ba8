package dev.scalingar.gateway.ops;

import dev.scalingar.gateway.kafka.ViewFeed;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.schemas.KafkaConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness: the view's feed thread runs. Readiness: the broker answers and the view has been
 * rebuilt (before that, idempotency checks could miss an earlier job, so POST answers 503 too).
 */
@ApplicationScoped
public class GatewayHealth {

  /**
   * A probe result is reused this long, so frequent probes do not each cost a broker round trip.
   */
  private static final Duration CACHE = Duration.ofSeconds(1);

  private record BrokerState(boolean up, String detail, Instant at) {}

  @Inject ViewFeed feed;
  @Inject JobView view;
  private final Admin admin;
  private volatile BrokerState broker = new BrokerState(false, "not probed yet", Instant.EPOCH);

  @Inject
  public GatewayHealth(KafkaConnection connection) {
    Map<String, Object> c = connection.clientConfig();
    c.putAll(
        Map.of(
            AdminClientConfig.CLIENT_ID_CONFIG, "scalingar-gateway-health",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000));
    this.admin = Admin.create(c);
  }

  @Liveness
  HealthCheck feedAlive() {
    return () ->
        HealthCheckResponse.named("job-status view feed")
            .status(feed.alive())
            .withData("state", feed.state())
            .build();
  }

  @Readiness
  HealthCheck ready() {
    return () -> {
      BrokerState b = brokerState();
      return HealthCheckResponse.named("kafka and job-status view")
          .status(b.up() && view.caughtUp())
          .withData("broker", b.detail())
          .withData("view", view.caughtUp() ? "live" : feed.state())
          .withData("jobs", view.size())
          .build();
    };
  }

  private BrokerState brokerState() {
    BrokerState b = broker;
    if (Duration.between(b.at(), Instant.now()).compareTo(CACHE) < 0) {
      return b;
    }
    try {
      int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(1500))
              .nodes()
              .get(2, TimeUnit.SECONDS)
              .size();
      b = new BrokerState(nodes > 0, nodes + " broker(s) reachable", Instant.now());
    } catch (Exception e) {
      b = new BrokerState(false, "unreachable: " + e.getClass().getSimpleName(), Instant.now());
    }
    broker = b;
    return b;
  }

  @PreDestroy
  void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
