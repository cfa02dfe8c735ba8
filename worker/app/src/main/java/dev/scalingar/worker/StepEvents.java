package dev.scalingar.worker;

import dev.scalingar.engine.StepReport;
import dev.scalingar.sampler.EndReason;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.worker.kafka.EventPublisher;
import dev.scalingar.worker.kafka.JobCoordinates;
import dev.scalingar.worker.ops.WorkerMetrics;
import dev.scalingar.worker.progress.ProgressThrottle;
import dev.scalingar.worker.results.ResultStore;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a step's report says, as the events the world reads: started, pruned and (throttled)
 * progress, fire and forget on the loop thread, and the completed event an artefact thread
 * publishes once a job's objects are stored. Failures, cancels and finished jobs are the loop's to
 * act on.
 */
final class StepEvents {

  private final EventPublisher events;
  private final ProgressThrottle progress;
  private final WorkerMetrics metrics;
  private final String workerId;

  StepEvents(
      EventPublisher events, ProgressThrottle progress, WorkerMetrics metrics, String workerId) {
    this.events = events;
    this.progress = progress;
    this.metrics = metrics;
    this.workerId = workerId;
  }

  void publish(StepReport<JobCoordinates> report) {
    for (StepReport.Started<JobCoordinates> s : report.started()) {
      JobCoordinates at = s.job().attachment();
      events.publish(
          new JobStarted(
              s.job().jobId(),
              at.request().tenant(),
              workerId,
              at.attempt(),
              s.trajectories(),
              s.totalSteps()),
          at.attempt());
    }
    for (StepReport.Pruned<JobCoordinates> p : report.pruned()) {
      JobCoordinates at = p.job().attachment();
      events.publish(
          new TrajectoryPruned(
              p.job().jobId(),
              at.request().tenant(),
              p.trajectory(),
              p.step(),
              p.reason() == EndReason.BUDGET
                  ? TrajectoryPruned.Reason.BUDGET
                  : TrajectoryPruned.Reason.GATE,
              finite(p.confidence()),
              finite(p.theta())),
          ofAttempt(at, p.trajectory()));
      metrics.pruned(1);
    }
    for (StepReport.Progress<JobCoordinates> p : report.progress()) {
      Optional<JobProgress.Curve> curve =
          progress.offer(p.job().jobId(), p.rows(), System.nanoTime());
      if (curve.isEmpty()) {
        continue; // not due yet: these rows travel in the next event's curve
      }
      JobCoordinates at = p.job().attachment();
      double[] c = p.confidences();
      Optional<JobProgress.ConfidenceSummary> summary =
          c.length == 0
              ? Optional.empty()
              : Optional.of(
                  new JobProgress.ConfidenceSummary(c[0], c[c.length / 2], c[c.length - 1]));
      events.publish(
          new JobProgress(
              p.job().jobId(),
              at.request().tenant(),
              p.step(),
              p.totalSteps(),
              p.liveTrajectories(),
              p.visualTokens(),
              p.theta(),
              summary,
              curve),
          ofAttempt(at, p.step()));
    }
  }

  /** The job is done once the broker has this (its offset is committed only after). */
  void completed(StepReport.Finished<JobCoordinates> f, ResultStore.Stored stored, long uploadMs)
      throws Exception {
    JobCoordinates at = f.job().attachment();
    var o = f.outcome();
    events.publishDurably(
        new JobCompleted(
            f.job().jobId(),
            at.request().tenant(),
            stored.bucket(),
            stored.keys(),
            stored.urls(),
            stored.urlsExpireAt(),
            o.selectedTrajectory(),
            finite(o.selectedConfidence()),
            o.accounting().trajectoriesEndedEarly(),
            new JobCompleted.Tokens(
                o.accounting().visualTokens(),
                o.accounting().rowSteps(),
                o.accounting().fullBestOfNTokens()),
            new JobCompleted.Timings(
                f.queuedNanos() / 1_000_000, f.runNanos() / 1_000_000, uploadMs)));
    metrics.jobFinished(
        "completed", o.accounting().visualTokens(), o.accounting().fullBestOfNTokens());
  }

  /**
   * Event id discriminators of a run's progress and pruned events: a re-run's (attempt 2 on) carry
   * the attempt too, so consumers that dedupe by id see it instead of taking it for the first run's
   * events; a first run's ids are as they always were ({@code j-42/pruned/3}).
   */
  private static Object[] ofAttempt(JobCoordinates at, Object discriminator) {
    return at.attempt() == 1
        ? new Object[] {discriminator}
        : new Object[] {discriminator, "attempt-" + at.attempt()};
  }

  private static OptionalDouble finite(double v) {
    return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
  }
}
