package dev.scalingar.worker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The worker's Prometheus metrics. {@code scalingar_pending_trajectory_steps} is what the fleet
 * autoscaler reads (remaining work, not message count).
 */
public final class WorkerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer stepLatency;
  private final Counter pruned;
  private final Counter tokensSaved;
  private final AtomicLong consumerLag = new AtomicLong();

  public WorkerMetrics(
      DoubleSupplier slotUtilisation,
      DoubleSupplier liveTrajectories,
      DoubleSupplier pendingTrajectories,
      DoubleSupplier pendingTrajectorySteps) {
    Gauge.builder("scalingar_slot_utilisation", slotUtilisation::getAsDouble)
        .description("Busy trajectory slots / slots")
        .register(registry);
    Gauge.builder("scalingar_live_trajectories", liveTrajectories::getAsDouble).register(registry);
    Gauge.builder("scalingar_pending_trajectories", pendingTrajectories::getAsDouble)
        .description("Trajectories of admitted-but-waiting jobs")
        .register(registry);
    Gauge.builder("scalingar_pending_trajectory_steps", pendingTrajectorySteps::getAsDouble)
        .description("Remaining trajectory-steps of every job this worker holds (scale on this)")
        .register(registry);
    Gauge.builder("scalingar_consumer_lag", consumerLag, AtomicLong::get)
        .description("Records behind on the jobs topic")
        .register(registry);
    stepLatency =
        Timer.builder("scalingar_step_seconds")
            .description("One engine step: plan, model, apply")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    pruned = Counter.builder("scalingar_trajectories_pruned_total").register(registry);
    tokensSaved =
        Counter.builder("scalingar_tokens_saved_total")
            .description("Full best-of-N tokens minus tokens used")
            .register(registry);
  }

  public void step(Duration d) {
    stepLatency.record(d);
  }

  public void pruned(int n) {
    pruned.increment(n);
  }

  public void jobFinished(String outcome, long tokensUsed, long fullBonTokens) {
    Counter.builder("scalingar_jobs_total").tag("outcome", outcome).register(registry).increment();
    if (fullBonTokens > tokensUsed) {
      tokensSaved.increment(fullBonTokens - tokensUsed);
    }
  }

  /**
   * A commit the group refused (this worker was no longer a member): its jobs will be redelivered.
   */
  public void commitRefused() {
    Counter.builder("scalingar_commits_refused_total")
        .description(
            "Offset commits refused because the worker had left or been removed from its group")
        .register(registry)
        .increment();
  }

  public double commitsRefused() {
    Counter c = registry.find("scalingar_commits_refused_total").counter();
    return c == null ? 0 : c.count();
  }

  /**
   * Partitions taken from this worker without a handover (it was removed from its group); their
   * jobs are redelivered.
   */
  public void partitionsLost(int n) {
    Counter.builder("scalingar_partitions_lost_total")
        .description(
            "Partitions lost because the worker was removed from its group (session expired, broker restart)")
        .register(registry)
        .increment(n);
  }

  public double partitionsLost() {
    Counter c = registry.find("scalingar_partitions_lost_total").counter();
    return c == null ? 0 : c.count();
  }

  public void consumerLag(long lag) {
    consumerLag.set(lag);
  }

  public String scrape() {
    return registry.scrape();
  }
}
