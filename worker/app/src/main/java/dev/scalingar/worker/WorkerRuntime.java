package dev.scalingar.worker;

import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.worker.failure.Failure;
import dev.scalingar.worker.failure.Failures;
import dev.scalingar.worker.kafka.ControlListener;
import dev.scalingar.worker.kafka.DeadLetters;
import dev.scalingar.worker.kafka.EventPublisher;
import dev.scalingar.worker.kafka.Intake;
import dev.scalingar.worker.kafka.JobCoordinates;
import dev.scalingar.worker.ops.WorkerMetrics;
import dev.scalingar.worker.progress.ProgressThrottle;
import dev.scalingar.worker.results.JobArtifacts;
import dev.scalingar.worker.results.ResultStore;
import dev.scalingar.worker.results.ResultWriter;
import dev.scalingar.worker.results.StorageHealth;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's loop, on one thread that owns the Kafka consumer and, per served model, an engine
 * and the model (models take turns, one engine step each): poll jobs while there is room (pause the
 * partitions, and keep polling, when there is not), read cancel commands, run one step of each
 * engine, publish what it reported, hand finished jobs' pixels to the {@link ArtifactPipeline}
 * (encoding and uploads run there, off this thread), and commit each partition's highest contiguous
 * finished offset once a job's objects and completion event are durable. A commit the group refuses
 * (this worker was removed from it) is logged and dropped: the next poll rejoins, the partitions'
 * jobs are redelivered (at-least-once), and the loop goes on.
 *
 * <p>Every error is sorted by {@link Failures} into a {@link Failure} and acted on by its class in
 * {@link #failed} (a job's) or {@link #run} (the loop's): poison jobs are failed, dead-lettered and
 * committed; retryable ones wait (intake paused while storage is down) or run again as a new
 * attempt, up to SCALINGAR_MAX_ATTEMPTS; a fatal one drains the worker and ends it non-zero.
 */
public final class WorkerRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  /**
   * A commit waits this long at most: the loop also steps running jobs, and a slow broker must not
   * stall them long.
   */
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * After a turn failed on something retryable: long enough not to spin, short enough to notice a
   * broker's return.
   */
  private static final Duration RETRY_TURN = Duration.ofSeconds(1);

  private final WorkerConfig config;
  private final Lanes lanes;
  private final Intake intake;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ControlListener control;
  private final EventPublisher events;
  private final DeadLetters deadLetters;
  private final ResultStore store;
  private final WorkerMetrics metrics;
  private final OffsetTracker offsets = new OffsetTracker();
  private final ProgressThrottle progress;
  private final StepEvents stepEvents;
  private long lastHeartbeatNanos = Long.MIN_VALUE;
  private final ArtifactPipeline artifacts;
  private final Consumer<String> beforeArtifacts;
  private final GroupCommitter commits;
  private final Map<String, Boolean> cancelled =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
          return size() > 10_000;
        }
      };
  private volatile boolean draining;
  private volatile boolean stopped;
  private volatile Failure.Fatal fatal;
  private volatile boolean intakePaused; // what the last turn decided, for tests on other threads
  private volatile Lanes.Snapshot snapshot = new Lanes.Snapshot(0, 0, 0, 0);

  /** One model, the paper's sampler values (tests). */
  public WorkerRuntime(WorkerConfig config, ImageModel model) {
    this(config, List.of(new ServedModel(config.models().get(0), model, ServedSampler.PAPER)));
  }

  /**
   * @param models what this worker serves; a job for any other model is dead-lettered. Each gets an
   *     engine of {@code config.engine()}'s options.
   */
  public WorkerRuntime(WorkerConfig config, List<ServedModel> models) {
    this(config, models, jobId -> {});
  }

  /**
   * @param beforeArtifacts runs on the artefact thread before a finished job's objects are made
   *     (tests hold it there to see that the loop goes on without it; not reachable from outside)
   */
  WorkerRuntime(WorkerConfig config, List<ServedModel> models, Consumer<String> beforeArtifacts) {
    this.config = config;
    this.beforeArtifacts = beforeArtifacts;
    this.artifacts = new ArtifactPipeline(config.artifacts());
    this.lanes = new Lanes(models, config.engine(), config.workerId());
    this.progress =
        new ProgressThrottle(config.engine().progressEvery(), config.progressMaxPerSecond());
    this.intake = new Intake(lanes.models());
    this.metrics =
        new WorkerMetrics(
            () -> snapshot.utilisation(),
            () -> snapshot.live(),
            () -> snapshot.pending(),
            () -> snapshot.pendingSteps());
    this.events = new EventPublisher(config.kafka(), config.eventsTopic(), config.workerId());
    this.deadLetters = new DeadLetters(config.kafka(), config.dlqTopic(), config.workerId());
    this.stepEvents = new StepEvents(events, progress, metrics, config.workerId());
    this.store = new ResultStore(config.storage(), new StorageHealth());
    this.control = new ControlListener(config.kafka(), config.controlTopic());
    Map<String, Object> jobs = config.kafka().clientConfig();
    jobs.putAll(
        Map.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            config.consumerGroup(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            8,
            ConsumerConfig.CLIENT_ID_CONFIG,
            "worker-" + config.workerId()));
    jobs.putAll(config.group().consumerProperties());
    this.consumer =
        new KafkaConsumer<>(jobs, new StringDeserializer(), new ByteArrayDeserializer());
    this.commits = new GroupCommitter(consumer, offsets, COMMIT_TIMEOUT);
    store.ensureBucket();
    consumer.subscribe(config.jobsTopics(), new Rebalance());
  }

  public WorkerMetrics metrics() {
    return metrics;
  }

  /**
   * Kubernetes sends work only when ready: not while draining, after a fatal failure, or while
   * storage is down.
   */
  public boolean ready() {
    return !draining && !stopped && fatal == null && !store.health().down();
  }

  StorageHealth storageHealth() {
    return store.health();
  }

  /** Whether the last turn of the loop paused the jobs partitions (tests). */
  boolean intakePaused() {
    return intakePaused;
  }

  /** Why the worker stopped on its own, if it did: it drained and should exit non-zero. */
  public Optional<Failure.Fatal> fatal() {
    return Optional.ofNullable(fatal);
  }

  public boolean live() {
    return !stopped;
  }

  /** Runs until {@link #drain} finishes or the thread is interrupted. */
  public void run() {
    try {
      long drainDeadline = Long.MAX_VALUE;
      while (!Thread.currentThread().isInterrupted()) {
        if (draining && drainDeadline == Long.MAX_VALUE) {
          drainDeadline = System.nanoTime() + config.drainTimeout().toNanos();
          handBackPending();
        }
        if (draining
            && ((idle() && artifacts.idle() && !artifacts.hasOutcomes())
                || System.nanoTime() > drainDeadline)) {
          break;
        }
        try {
          runOnce();
        } catch (RuntimeException | Error e) {
          if (!survive(Failures.classify(e))) {
            break;
          }
        }
      }
      // Jobs still running past the grace period are handed back: not committed, so redelivered.
      lanes.cancelEverything();
      if (artifacts.waiting() > 0) {
        LOG.warn(
            "{} finished jobs never reached an artefact thread; handed back uncommitted",
            artifacts.waiting());
      }
      artifacts.shutdown(Duration.ofSeconds(Math.max(5, config.drainTimeout().toSeconds())));
      commitFinished();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped = true;
    }
  }

  /**
   * An error that escaped a turn of the loop, not any one job's: whether the loop goes on. A
   * retryable one (the broker away under a poll) waits a moment and turns again; anything else is a
   * bug or a broken process: the worker drains and exits, its jobs are redelivered, and a job that
   * keeps doing this is stopped by its attempt count.
   */
  private boolean survive(Failure failure) {
    if (failure instanceof Failure.Retryable r) {
      LOG.warn("the loop's turn failed ({} {}); turning again", r.dependency(), r.detail());
      try {
        Thread.sleep(RETRY_TURN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }
    if (fatal != null) {
      LOG.error("the loop failed again while draining ({}); stopping now", failure.detail());
      return false;
    }
    fatal(
        failure instanceof Failure.Fatal f
            ? f
            : new Failure.Fatal("the loop failed outside any job: " + failure.detail()));
    return true;
  }

  private void fatal(Failure.Fatal f) {
    if (fatal == null) {
      LOG.error("fatal: {}; draining, then exiting (held jobs are redelivered)", f.detail());
      fatal = f;
    }
    drain();
  }

  /** One turn of the loop (tests drive it directly). */
  void runOnce() {
    artifacts.handOff();
    // Intake pauses while the queue is full, while finished jobs wait for an artefact thread, and
    // while storage is down: jobs taken now could not be stored, so they wait in Kafka instead.
    boolean room = !draining && !store.health().down() && !artifacts.full() && lanes.haveRoom();
    if (room) {
      consumer.resume(consumer.paused());
    } else {
      consumer.pause(consumer.assignment());
    }
    intakePaused = !room;
    Duration wait = idle() && !artifacts.hasOutcomes() ? Duration.ofMillis(100) : Duration.ZERO;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
      accept(r);
    }
    if (commits.hasAttemptsToRecord()) {
      commit(); // the new jobs' attempt counts are with the group before any of them starts
    }
    for (CancelCommand c : control.poll()) {
      cancel(c);
    }
    // Models take turns, one step each: a worker serving two models splits its device between them.
    for (Lanes.Lane lane : lanes.all()) {
      long t0 = System.nanoTime();
      StepReport<JobCoordinates> report = lane.engine().step();
      if (!report.idle()) {
        metrics.step(Duration.ofNanos(System.nanoTime() - t0));
        publish(lane, report);
      }
    }
    commitFinished();
    snapshot = lanes.snapshot();
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    metrics.consumerLag(lag);
    heartbeat();
  }

  /** Every heartbeat interval: the worker's capacity and load, for the gateway's fleet view. */
  private void heartbeat() {
    long now = System.nanoTime();
    if (lastHeartbeatNanos != Long.MIN_VALUE
        && now - lastHeartbeatNanos < config.heartbeatInterval().toNanos()) {
      return;
    }
    lastHeartbeatNanos = now;
    events.publish(lanes.heartbeat(config.workerId(), config.heartbeatInterval(), draining));
  }

  private boolean idle() {
    return lanes.idle();
  }

  /** Stop taking work; running jobs may finish within the drain period (SIGTERM). */
  public void drain() {
    draining = true;
  }

  private void accept(ConsumerRecord<String, byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    offsets.started(tp, r.offset());
    Intake.Outcome outcome = intake.read(r);
    if (outcome instanceof Intake.Poison p) {
      poison(r, p.failure(), p.jobId(), p.tenant());
      return;
    }
    JobRequest request = ((Intake.Job) outcome).request();
    if (lanes.holds(request.jobId())) {
      // The same job delivered again while this worker runs it (a producer's retry, a replayed
      // record): the running copy publishes its one outcome. Failing this copy would publish a
      // failure beside that outcome (issue 21's chaos run saw both), so this record is simply done.
      LOG.info(
          "job {} delivered again at {}@{} while it runs here; the running copy answers for it",
          request.jobId(),
          tp,
          r.offset());
      finish(tp, r.offset());
      return;
    }
    int attempt = commits.begin(tp, r.offset());
    JobCoordinates at = new JobCoordinates(tp, r.offset(), request, attempt, System.nanoTime(), r);
    if (attempt > config.maxAttempts()) {
      // Started that often already and never finished: it ended its workers (a crash, an OOM) or
      // was handed back each time. It ends here instead of looping through the fleet.
      failed(at, Failures.attemptsSpent(attempt - 1, config.maxAttempts(), ""));
      return;
    }
    if (cancelled.containsKey(request.jobId())) {
      terminal(at, new JobCancelled(request.jobId(), request.tenant(), OptionalInt.empty(), 0));
      return;
    }
    submit(at);
  }

  private void submit(JobCoordinates at) {
    try {
      Lanes.Lane lane = lanes.of(at.request().spec().model());
      lane.engine().submit(EngineJobs.of(lane.served(), at.request(), at));
    } catch (RuntimeException e) {
      failed(at, Failures.submission(e));
    }
  }

  /**
   * The one place a job's failure is acted on, by its class: a poison job is failed and
   * dead-lettered; a step that failed runs again as the next attempt while it has attempts left; a
   * storage or broker failure reaching here has spent its retries (the upload's deadline, the
   * producer's delivery timeout) and fails the job as resubmittable; a fatal one leaves the job
   * uncommitted (redelivered) and drains the worker.
   */
  private void failed(JobCoordinates at, Failure failure) {
    progress.forget(at.request().jobId());
    if (failure instanceof Failure.Poison p) {
      poison(at.record(), p, Optional.of(at.request().jobId()), Optional.of(at.request().tenant()));
    } else if (failure instanceof Failure.Retryable r
        && r.dependency() == Failure.Dependency.MODEL) {
      if (at.attempt() >= config.maxAttempts()) {
        poison(
            at.record(),
            Failures.attemptsSpent(at.attempt(), config.maxAttempts(), r.detail()),
            Optional.of(at.request().jobId()),
            Optional.of(at.request().tenant()));
      } else if (draining) {
        LOG.warn(
            "job {} attempt {} failed ({}) while draining: handed back uncommitted",
            at.request().jobId(),
            at.attempt(),
            r.detail());
      } else {
        LOG.warn(
            "job {} attempt {} failed ({}); running it again as attempt {} of {}",
            at.request().jobId(),
            at.attempt(),
            r.detail(),
            at.attempt() + 1,
            config.maxAttempts());
        // counted with the group before it starts (the next turn's commit), as a redelivery would
        // be
        submit(at.withAttempt(commits.begin(at.partition(), at.offset())));
      }
    } else if (failure instanceof Failure.Retryable r) {
      poison(
          at.record(),
          r.exhausted("retries spent"),
          Optional.of(at.request().jobId()),
          Optional.of(at.request().tenant()));
    } else {
      fatal((Failure.Fatal) failure);
    }
  }

  /**
   * Dead-letters a record with its reason, tells the world its job failed, and lets its offset go.
   * If that cannot be done (the broker is away past the clients' timeouts) the offset stays
   * uncommitted, so the record comes back after a restart or rebalance rather than vanish.
   */
  private void poison(
      ConsumerRecord<String, byte[]> r,
      Failure.Poison p,
      Optional<String> jobId,
      Optional<String> tenant) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    LOG.warn(
        "dead-lettering {}/{}@{} ({}): {}",
        r.topic(),
        r.partition(),
        r.offset(),
        p.reason().wireName(),
        p.detail());
    try {
      deadLetters.send(r, p.reason().wireName(), p.detail());
      if (jobId.isPresent()) {
        events.publishDurably(
            new JobFailed(
                jobId.get(), tenant.orElse("unknown"), p.reason(), p.detail(), p.resubmittable()));
        metrics.jobFinished("failed", 0, 0);
      }
      finish(tp, r.offset());
    } catch (Exception e) {
      Failure again = Failures.classify(e);
      LOG.error(
          "could not dead-letter {}/{}@{} ({}); left uncommitted",
          r.topic(),
          r.partition(),
          r.offset(),
          again.detail());
      if (again instanceof Failure.Fatal f) {
        fatal(f);
      }
    }
  }

  private void cancel(CancelCommand c) {
    cancelled.put(c.jobId(), Boolean.TRUE);
    progress.forget(c.jobId());
    lanes
        .cancel(c.jobId())
        .ifPresent(
            job -> {
              JobCoordinates at = job.attachment();
              terminal(
                  at, new JobCancelled(c.jobId(), at.request().tenant(), OptionalInt.empty(), 0));
            });
  }

  private void publish(Lanes.Lane lane, StepReport<JobCoordinates> report) {
    stepEvents.publish(report);
    for (StepReport.Failed<JobCoordinates> f : report.failed()) {
      // A failure inside the engine ends that job's attempt, not the worker.
      failed(f.job().attachment(), Failures.engineStep(f.reason()));
    }
    for (StepReport.Finished<JobCoordinates> f : report.finished()) {
      progress.forget(f.job().jobId());
      JobCoordinates at = f.job().attachment();
      ResultWriter.Decoded decoded;
      try {
        decoded = lane.writer().decode(f); // the model's part, on its own thread
      } catch (RuntimeException e) {
        failed(at, Failures.classify(e));
        continue;
      }
      artifacts.submit(at, () -> complete(lane.writer(), f, decoded));
    }
  }

  /**
   * On an artefact thread: the objects' bytes, then the objects (retried while storage is down),
   * then the completion event; the loop commits the offset when it reads the outcome. Whatever this
   * throws is classified there and acted on by {@link #failed}.
   */
  private void complete(
      ResultWriter writer, StepReport.Finished<JobCoordinates> f, ResultWriter.Decoded decoded)
      throws Exception {
    String jobId = f.job().jobId();
    beforeArtifacts.accept(jobId);
    JobArtifacts encoded = writer.encode(f, decoded);
    long t0 = System.nanoTime();
    ResultStore.Stored stored = store.store(jobId, encoded);
    stepEvents.completed(f, stored, (System.nanoTime() - t0) / 1_000_000);
  }

  private void terminal(JobCoordinates at, dev.scalingar.schemas.events.JobEvent event) {
    terminal(at, event, "cancelled");
  }

  private void terminal(
      JobCoordinates at, dev.scalingar.schemas.events.JobEvent event, String outcome) {
    try {
      events.publishDurably(event);
      metrics.jobFinished(outcome, 0, 0);
      finish(at.partition(), at.offset());
    } catch (Exception e) {
      Failure f = Failures.classify(e);
      LOG.error(
          "job {}: could not publish {} ({}); left uncommitted",
          at.request().jobId(),
          event.getClass().getSimpleName(),
          f.detail());
      if (f instanceof Failure.Fatal fatal) {
        fatal(fatal);
      }
    }
  }

  private void finish(TopicPartition partition, long offset) {
    try {
      offsets.finished(partition, offset);
    } catch (IllegalStateException revoked) {
      // The partition moved to another worker meanwhile; it will redo the job, same keys, same
      // bytes.
    }
  }

  /** The artefact threads' outcomes, then the commit of whatever became contiguous. */
  private void commitFinished() {
    for (ArtifactPipeline.Outcome o; (o = artifacts.poll()) != null; ) {
      if (o instanceof ArtifactPipeline.Failed f) {
        LOG.warn(
            "job {} did not complete after sampling: {}",
            f.at().request().jobId(),
            f.failure().detail());
        failed(f.at(), f.failure());
      } else {
        finish(o.at().partition(), o.at().offset());
      }
    }
    commit();
  }

  private void commit() {
    if (commits.commit() instanceof GroupCommitter.Outcome.Refused) {
      metrics.commitRefused();
    }
  }

  /** Pending jobs have not started: give them back to the group by not committing them. */
  private void handBackPending() {
    // Only pending ones: running jobs may finish within the drain period.
    lanes.cancelPending();
    consumer.pause(consumer.assignment());
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitFinished();
      // Jobs of revoked partitions stop here, uncommitted: their new owner runs them again.
      dropJobsOf(partitions);
      LOG.info("partitions revoked: {}", partitions);
    }

    /**
     * The member was removed from the group before it could give the partitions back (its session
     * expired, or a step outlasted max.poll.interval): nothing can be committed any more, so the
     * jobs are just dropped; the group redelivers them.
     */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      dropJobsOf(partitions);
      metrics.partitionsLost(partitions.size());
      LOG.warn(
          "partitions lost (removed from the group): {}; their jobs are dropped and will be redelivered",
          partitions);
    }

    /**
     * Stops the jobs of partitions this worker no longer owns, uncommitted (their new owner runs
     * them).
     */
    private void dropJobsOf(Collection<TopicPartition> partitions) {
      lanes.dropJobsOf(partitions, progress::forget);
      commits.released(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      commits.assigned(partitions);
      LOG.info("partitions assigned: {}", partitions);
    }
  }

  @Override
  public void close() {
    artifacts.shutdownNow();
    // A static member would otherwise keep its partitions until its session expires; leave
    // explicitly.
    consumer.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    control.close();
    events.close();
    deadLetters.close();
  }
}
