package dev.scalingar.bench.simulate;

import java.util.Locale;

/**
 * One KEDA trigger of the worker's ScaledObject: a metric and its per-replica target (HPA
 * AverageValue).
 */
public sealed interface Trigger {

  /** What the fleet looks like to the metrics at one poll. */
  record Metrics(
      long uncommittedJobs, long backlogJobs, long workerPendingSteps, long backlogSteps) {}

  /** The metric's value now. */
  double value(Metrics m);

  /** The per-replica target: KEDA asks for ⌈value / threshold⌉ replicas. */
  double threshold();

  String describe();

  /**
   * KEDA's kafka scaler on {@code scalingar.jobs.v1}: the worker group's lag, every job not yet
   * committed. A worker commits a job's offset once it finished, so the lag counts the jobs in the
   * topic and the jobs the workers hold (waiting in an engine or running) alike.
   */
  record KafkaLag(double lagThreshold) implements Trigger {
    @Override
    public double value(Metrics m) {
      return m.uncommittedJobs();
    }

    @Override
    public double threshold() {
      return lagThreshold;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "kafka lag / %.0f", lagThreshold);
    }
  }

  /**
   * The prometheus trigger on {@code sum(scalingar_pending_trajectory_steps)}: the trajectory-steps
   * the workers still have to run ({@code Engine.pendingTrajectorySteps()}). A worker only reports
   * what it holds, so jobs still in the topic are invisible to it, and with no worker up nothing
   * reports at all; {@code withBacklog} adds the topic's jobs at N × L each (what a worker would
   * report for them once it held them), which a query needs the topic's lag for.
   */
  record PendingSteps(double stepsThreshold, boolean withBacklog) implements Trigger {
    @Override
    public double value(Metrics m) {
      return m.workerPendingSteps() + (withBacklog ? m.backlogSteps() : 0);
    }

    @Override
    public double threshold() {
      return stepsThreshold;
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "pending trajectory-steps%s / %.0f",
          withBacklog ? " (+ backlog)" : "",
          stepsThreshold);
    }
  }
}
