package dev.scalingar.gateway.kafka;

import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.fleet.FleetView;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.gateway.webhook.WebhookDispatcher;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Creates the Kafka side of the gateway (producer, view, feed) and starts it: the view's webhook
 * hook is attached before the feed replays, so terminal events of the replay reach it too.
 */
@ApplicationScoped
public class KafkaBeans {

  private static final Logger LOG = Logger.getLogger(KafkaBeans.class);

  @Produces
  @Singleton
  JobView view(GatewayConfig config) {
    return new JobView(
        new JobView.Replay(config.view().replayEventsPerJob(), config.view().replayFinishedJobs()));
  }

  /**
   * Bootstrap servers plus every {@code KAFKA_CLIENT_*} setting (security protocol, SASL, trust
   * store), read through MicroProfile Config so environment variables and config files both work.
   */
  @Produces
  @Singleton
  KafkaConnection connection(GatewayConfig config, Config mp) {
    KafkaConnection connection = connection(config.kafka().bootstrapServers(), mp);
    LOG.infof("Kafka: %s", connection);
    return connection;
  }

  static KafkaConnection connection(String bootstrapServers, Config mp) {
    Map<String, String> variables = new HashMap<>();
    for (String name : mp.getPropertyNames()) {
      if (name.startsWith(KafkaConnection.ENV_PREFIX)) {
        mp.getOptionalValue(name, String.class).ifPresent(value -> variables.put(name, value));
      }
    }
    return KafkaConnection.fromEnvironment(bootstrapServers, variables);
  }

  @Produces
  @Singleton
  JobPublisher publisher(GatewayConfig config, KafkaConnection connection) {
    return new JobPublisher(config.kafka(), connection);
  }

  void closePublisher(@Disposes JobPublisher publisher) {
    publisher.close();
  }

  @Produces
  @Singleton
  ViewFeed feed(KafkaConnection connection, JobView view, FleetView fleet, GatewayConfig config) {
    return new ViewFeed(connection, view, fleet, config.request().models());
  }

  @Produces
  @Singleton
  FleetView fleet(GatewayConfig config) {
    return new FleetView(config.fleet().missedHeartbeats(), config.fleet().rateWindow());
  }

  void start(
      @Observes StartupEvent ev,
      JobView view,
      ViewFeed feed,
      JobPublisher publisher,
      WebhookDispatcher webhooks,
      MeterRegistry metrics,
      GatewayConfig config) {
    view.onTerminal(webhooks::deliver);
    feed.start();
    Gauge.builder("scalingar.gateway.view.jobs", view, JobView::size).register(metrics);
    FunctionCounter.builder("scalingar.gateway.view.records", feed, ViewFeed::applied)
        .tag("outcome", "applied")
        .register(metrics);
    FunctionCounter.builder("scalingar.gateway.view.records", feed, ViewFeed::skipped)
        .tag("outcome", "skipped")
        .register(metrics);
    FunctionCounter.builder("scalingar.gateway.view.records", feed, ViewFeed::invalid)
        .tag("outcome", "invalid")
        .register(metrics);
    List<String> written = new java.util.ArrayList<>();
    config.request().models().forEach(m -> written.add(Topics.jobs(m)));
    written.addAll(List.of(Topics.EVENTS, Topics.CONTROL));
    Thread warm = new Thread(() -> warmUp(publisher, written), "scalingar-producer-warmup");
    warm.setDaemon(true);
    warm.start();
  }

  /**
   * Fetches the producer's metadata for every topic it writes before the first request needs it:
   * send() on the event loop may block only briefly (max-block), too briefly for a first fetch.
   */
  private static void warmUp(JobPublisher publisher, List<String> topics) {
    long backoff = 100;
    while (true) {
      try {
        publisher.partitionsFor(topics);
        LOG.debug("producer metadata ready");
        return;
      } catch (RuntimeException e) {
        LOG.debugf("producer metadata not ready: %s", e.getMessage());
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(2000, backoff * 2);
    }
  }

  void stop(@Observes ShutdownEvent ev, ViewFeed feed) {
    feed.close();
  }
}
