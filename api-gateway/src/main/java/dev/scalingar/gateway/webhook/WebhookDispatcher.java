package dev.scalingar.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.rest.JobResource;
import dev.scalingar.gateway.tenant.Tenant;
import dev.scalingar.gateway.tenant.TenantDirectory;
import dev.scalingar.gateway.view.JobSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers a webhook when a job finishes (completed, failed, cancelled): a POST of {@code {"type":
 * "job.completed", "timestamp": ..., "data": <the job as GET returns it>}}, signed per Standard
 * Webhooks. {@code webhook-id} is the terminal event's id, so it is the same on every retry and
 * after a gateway restart, and receivers dedupe on it. Non-2xx answers and network errors are
 * retried with doubling backoff up to {@code gateway.webhooks.max-attempts}; 410 Gone stops at
 * once.
 */
@ApplicationScoped
public class WebhookDispatcher {

  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

  /** The body of a delivery (Standard Webhooks' recommended envelope). */
  public record Payload(
      @JsonProperty("type") String type,
      @JsonProperty("timestamp") Instant timestamp,
      @JsonProperty("data") JobResource data) {}

  private record Delivery(String webhookId, URI url, String secret, byte[] body) {}

  private final GatewayConfig.Webhooks config;
  private final TenantDirectory tenants;
  private final ObjectMapper mapper;
  private final MeterRegistry metrics;
  private final WebhookTargetGuard guard;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scalingar-webhooks");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client;

  @Inject
  public WebhookDispatcher(
      GatewayConfig config, TenantDirectory tenants, ObjectMapper mapper, MeterRegistry metrics) {
    this.config = config.webhooks();
    this.tenants = tenants;
    this.mapper = mapper;
    this.metrics = metrics;
    this.guard = new WebhookTargetGuard(this.config.allowPrivateTargets().orElse(List.of()));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(this.config.timeout())
            // a redirect could lead to a private address the guard never saw
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public WebhookTargetGuard guard() {
    return guard;
  }

  /**
   * Called once per finished job (from the view); returns at once, delivery happens on its own
   * thread.
   */
  public void deliver(JobSnapshot job) {
    Optional<String> url = job.request().flatMap(r -> r.spec().webhookUrl());
    if (!config.enabled() || url.isEmpty() || job.terminalEventId().isEmpty()) {
      return;
    }
    Instant finishedAt = job.terminalAt().orElse(Instant.EPOCH);
    if (finishedAt.isBefore(clock.instant().minus(config.redeliverWindow()))) {
      count("too_old"); // finished long before this gateway started: delivered by an earlier run
      return;
    }
    Optional<Tenant> tenant = tenants.byId(job.tenant());
    if (tenant.isEmpty()) {
      LOG.warnf(
          "job %s: tenant %s is no longer configured; webhook not sent", job.jobId(), job.tenant());
      count("no_tenant");
      return;
    }
    Payload payload =
        new Payload("job." + job.status().wireName(), finishedAt, JobResource.of(job));
    try {
      Delivery d =
          new Delivery(
              job.terminalEventId().get(),
              URI.create(url.get()),
              tenant.get().webhookSecret(),
              mapper.writeValueAsBytes(payload));
      scheduler.execute(() -> attempt(d, 1));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      LOG.errorf(e, "job %s: webhook not sent", job.jobId());
      count("failed");
    }
  }

  private void attempt(Delivery d, int attempt) {
    Optional<String> refused = guard.checkResolved(d.url());
    if (refused.isPresent()) {
      LOG.warnf("webhook %s to %s refused: %s", d.webhookId(), d.url(), refused.get());
      count("refused");
      return;
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(d.url())
            .timeout(config.timeout())
            .header("content-type", "application/json")
            .header("user-agent", "scalingar-webhooks/1")
            .header("webhook-id", d.webhookId())
            .header("webhook-timestamp", Long.toString(timestamp))
            .header(
                "webhook-signature",
                WebhookSigner.sign(d.secret(), d.webhookId(), timestamp, d.body()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
            .build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              int status = response == null ? -1 : response.statusCode();
              if (status >= 200 && status < 300) {
                count("delivered");
                return;
              }
              String why = error != null ? error.toString() : "HTTP " + status;
              if (status == 410) {
                LOG.infof("webhook %s: receiver answered 410 Gone; not retried", d.webhookId());
                count("gone");
              } else if (attempt < config.maxAttempts()) {
                Duration wait = backoff(attempt);
                LOG.debugf(
                    "webhook %s attempt %d failed (%s); retrying in %s",
                    d.webhookId(), attempt, why, wait);
                count("retried");
                scheduler.schedule(
                    () -> attempt(d, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
              } else {
                LOG.warnf(
                    "webhook %s to %s failed after %d attempts: %s",
                    d.webhookId(), d.url(), attempt, why);
                count("failed");
              }
            });
  }

  /** initial × 2^(attempt-1), capped: 1 s, 2 s, 4 s, ... by default. */
  Duration backoff(int attempt) {
    Duration d = config.initialBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
    return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
  }

  private void count(String outcome) {
    metrics.counter("scalingar.gateway.webhooks", "outcome", outcome).increment();
  }

  @PreDestroy
  void stop() {
    scheduler.shutdownNow();
  }
}
