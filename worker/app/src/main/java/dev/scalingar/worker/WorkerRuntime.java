package dev.scalingar.worker;

import dev.scalingar.engine.Engine;
import dev.scalingar.engine.EngineJob;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;
import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.schemas.events.WorkerHeartbeat;
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
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * and the model (models take turns, one engine step each): poll
 * jobs while there is room (pause the partitions, and keep polling, when there is not), read
 * cancel commands, run one step of each engine, publish what it reported, hand finished jobs to the
 * uploader, and commit each partition's highest contiguous finished offset once a job's objects
 * and completion event are durable. A commit the group refuses (this worker was removed from it)
 * is logged and dropped: the next poll rejoins, the partitions' jobs are redelivered
 * (at-least-once), and the loop goes on.
 */
public final class WorkerRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);
  /** A commit waits this long at most: the loop also steps running jobs, and a slow broker must not stall them long. */
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** A job whose results and terminal event are durable: its offset may be committed. */
  private record Done(JobCoordinates at) {}

  /** A served model with its own engine (rows are never shared between models) and result writer. */
  private record Lane(ServedModel served, Engine<JobCoordinates> engine, ResultWriter writer) {}

  private final WorkerConfig config;
  private final Map<String, Lane> lanes = new LinkedHashMap<>(); // by model name
  private final Intake intake;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ControlListener control;
  private final EventPublisher events;
  private final DeadLetters deadLetters;
  private final ResultStore store;
  private final WorkerMetrics metrics;
  private final OffsetTracker offsets = new OffsetTracker();
  private final ProgressThrottle progress;
  private long lastHeartbeatNanos = Long.MIN_VALUE;
  private final ExecutorService uploader = Executors.newSingleThreadExecutor(r -> new Thread(r, "uploader"));
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final GroupCommitter commits;
  private final Map<String, Boolean> cancelled = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
      return size() > 10_000;
    }
  };
  private volatile boolean draining;
  private volatile boolean stopped;
  private volatile Snapshot snapshot = new Snapshot(0, 0, 0, 0);

  /** Engine figures for the metrics thread (the engine itself is confined to the loop thread). */
  public record Snapshot(double utilisation, int live, int pending, long pendingSteps) {}

  /** One model, the paper's sampler values (tests). */
  public WorkerRuntime(WorkerConfig config, ImageModel model) {
    this(config, List.of(new ServedModel(config.models().get(0), model, ServedSampler.PAPER)));
  }

  /**
   * @param models what this worker serves; a job for any other model is dead-lettered. Each gets an
   *     engine of {@code config.engine()}'s options.
   */
  public WorkerRuntime(WorkerConfig config, List<ServedModel> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a worker serves at least one model");
    }
    this.config = config;
    // Each engine reports every step; the throttle decides which steps become events (and their curve).
    EngineOptions perStep = config.engine().withProgressEvery(1);
    for (ServedModel m : models) {
      if (lanes.put(m.name(), new Lane(m, new Engine<>(m.model(), perStep),
          new ResultWriter(m.model(), config.workerId(), m.sampler()))) != null) {
        throw new IllegalArgumentException("model " + m.name() + " is served twice");
      }
    }
    this.progress = new ProgressThrottle(config.engine().progressEvery(), config.progressMaxPerSecond());
    this.intake = new Intake(lanes.keySet());
    this.metrics = new WorkerMetrics(() -> snapshot.utilisation(), () -> snapshot.live(), () -> snapshot.pending(),
        () -> snapshot.pendingSteps());
    this.events = new EventPublisher(config.kafka(), config.eventsTopic(), config.workerId());
    this.deadLetters = new DeadLetters(config.kafka(), config.dlqTopic(), config.workerId());
    this.store = new ResultStore(config.storage());
    this.control = new ControlListener(config.kafka(), config.controlTopic());
    Map<String, Object> jobs = config.kafka().clientConfig();
    jobs.putAll(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 8,
        ConsumerConfig.CLIENT_ID_CONFIG, "worker-" + config.workerId()));
    jobs.putAll(config.group().consumerProperties());
    this.consumer = new KafkaConsumer<>(jobs, new StringDeserializer(), new ByteArrayDeserializer());
    this.commits = new GroupCommitter(consumer, offsets, COMMIT_TIMEOUT);
    store.ensureBucket();
    consumer.subscribe(config.jobsTopics(), new Rebalance());
  }

  public WorkerMetrics metrics() {
    return metrics;
  }

  public boolean ready() {
    return !draining && !stopped;
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
        if (draining && (idle() || System.nanoTime() > drainDeadline)) {
          break;
        }
        runOnce();
      }
      // Jobs still running past the grace period are handed back: not committed, so redelivered.
      for (Lane lane : lanes.values()) {
        for (String id : lane.engine().jobIds()) {
          lane.engine().cancel(id);
        }
      }
      uploader.shutdown();
      uploader.awaitTermination(Math.max(5, config.drainTimeout().toSeconds()), TimeUnit.SECONDS);
      commitFinished();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped = true;
    }
  }

  /** One turn of the loop (tests drive it directly). */
  void runOnce() {
    boolean room = !draining && lanes.values().stream().allMatch(l -> l.engine().pendingTrajectories() < l.engine().capacity());
    if (room) {
      consumer.resume(consumer.paused());
    } else {
      consumer.pause(consumer.assignment());
    }
    Duration wait = idle() && done.isEmpty() ? Duration.ofMillis(100) : Duration.ZERO;
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
    for (Lane lane : lanes.values()) {
      long t0 = System.nanoTime();
      StepReport<JobCoordinates> report = lane.engine().step();
      if (!report.idle()) {
        metrics.step(Duration.ofNanos(System.nanoTime() - t0));
        publish(lane, report);
      }
    }
    commitFinished();
    snapshot = snapshot();
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
    if (lastHeartbeatNanos != Long.MIN_VALUE && now - lastHeartbeatNanos < config.heartbeatInterval().toNanos()) {
      return;
    }
    lastHeartbeatNanos = now;
    int capacity = 0, busy = 0, live = 0, running = 0, pendingJobs = 0, pending = 0;
    long steps = 0;
    for (Lane l : lanes.values()) {
      Engine<JobCoordinates> e = l.engine();
      capacity += e.capacity();
      busy += e.busySlots();
      live += e.liveTrajectories();
      running += e.runningJobs();
      pendingJobs += e.pendingJobs();
      pending += e.pendingTrajectories();
      steps += e.pendingTrajectorySteps();
    }
    events.publish(new WorkerHeartbeat(config.workerId(), config.heartbeatInterval().toMillis(), capacity, busy, live,
        running, pendingJobs, pending, steps, draining));
  }

  private boolean idle() {
    return lanes.values().stream().allMatch(l -> l.engine().isIdle());
  }

  private Snapshot snapshot() {
    int busy = 0, capacity = 0, live = 0, pending = 0;
    long steps = 0;
    for (Lane l : lanes.values()) {
      busy += l.engine().busySlots();
      capacity += l.engine().capacity();
      live += l.engine().liveTrajectories();
      pending += l.engine().pendingTrajectories();
      steps += l.engine().pendingTrajectorySteps();
    }
    return new Snapshot((double) busy / capacity, live, pending, steps);
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
      reject(r, tp, p.reason(), p.detail(), p.jobId(), p.tenant());
      return;
    }
    JobRequest request = ((Intake.Job) outcome).request();
    int attempt = commits.begin(tp, r.offset());
    JobCoordinates at = new JobCoordinates(tp, r.offset(), request, attempt, System.nanoTime());
    if (cancelled.containsKey(request.jobId())) {
      terminal(at, new JobCancelled(request.jobId(), request.tenant(), OptionalInt.empty(), 0));
      return;
    }
    try {
      Lane lane = lanes.get(request.spec().model()); // the intake let only served models through
      lane.engine().submit(engineJob(lane.served(), request, at));
    } catch (IllegalArgumentException e) {
      reject(r, tp, JobFailed.Reason.INVALID_REQUEST, e.getMessage(), Optional.of(request.jobId()), Optional.of(request.tenant()));
    }
  }

  private static EngineJob<JobCoordinates> engineJob(ServedModel served, JobRequest request, JobCoordinates at) {
    ImageModel model = served.model();
    JobSpec spec = request.spec();
    // A job without a seed gets one from its id, so a redelivery samples the same image.
    long seed = spec.seed().orElse(request.jobId().hashCode() & 0x7fffffffL);
    Grid grid = new Grid(model.info().gridH(), model.info().gridW());
    SamplingJob sampling = new SamplingJob(spec.n(), grid, model.info().vocabSize(), seed,
        spec.cfgScale().orElse(model.info().defaultCfgScale()), spec.temperature(), spec.topK(), spec.topP(),
        spec.tokenBudget(), served.sampler().configFor(spec.strategy()));
    return new EngineJob<>(request.jobId(), spec.prompt(), Strategy.named(spec.strategy().wireName()), sampling, at);
  }

  /** Dead-letters a record with its reason, tells the world the job failed, and lets its offset go. */
  private void reject(ConsumerRecord<String, byte[]> r, TopicPartition tp, JobFailed.Reason reason, String detail,
      Optional<String> jobId, Optional<String> tenant) {
    LOG.warn("dead-lettering {}/{}@{} ({}): {}", r.topic(), r.partition(), r.offset(), reason.wireName(), detail);
    try {
      deadLetters.send(r, reason.wireName(), detail);
      if (jobId.isPresent()) {
        events.publishDurably(new JobFailed(jobId.get(), tenant.orElse("unknown"), reason, detail, false));
      }
      offsets.finished(tp, r.offset());
    } catch (Exception e) {
      // Not dead-lettered: leave the offset uncommitted so the record comes back rather than vanish.
      LOG.error("could not dead-letter {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), FailureMessage.of(e));
    }
  }

  private void cancel(CancelCommand c) {
    cancelled.put(c.jobId(), Boolean.TRUE);
    progress.forget(c.jobId());
    lanes.values().stream().flatMap(l -> l.engine().cancel(c.jobId()).stream()).findFirst().ifPresent(job -> {
      JobCoordinates at = job.attachment();
      terminal(at, new JobCancelled(c.jobId(), at.request().tenant(), OptionalInt.empty(), 0));
    });
  }

  private void publish(Lane lane, StepReport<JobCoordinates> report) {
    for (StepReport.Started<JobCoordinates> s : report.started()) {
      JobCoordinates at = s.job().attachment();
      events.publish(new JobStarted(s.job().jobId(), at.request().tenant(), config.workerId(), at.attempt(),
          s.trajectories(), s.totalSteps()), at.attempt());
    }
    for (StepReport.Pruned<JobCoordinates> p : report.pruned()) {
      JobCoordinates at = p.job().attachment();
      events.publish(new TrajectoryPruned(p.job().jobId(), at.request().tenant(), p.trajectory(), p.step(),
          p.reason() == EndReason.BUDGET ? TrajectoryPruned.Reason.BUDGET : TrajectoryPruned.Reason.GATE,
          finite(p.confidence()), finite(p.theta())), ofAttempt(at, p.trajectory()));
      metrics.pruned(1);
    }
    for (StepReport.Progress<JobCoordinates> p : report.progress()) {
      Optional<JobProgress.Curve> curve = progress.offer(p.job().jobId(), p.rows(), System.nanoTime());
      if (curve.isEmpty()) {
        continue; // not due yet: these rows travel in the next event's curve
      }
      JobCoordinates at = p.job().attachment();
      double[] c = p.confidences();
      Optional<JobProgress.ConfidenceSummary> summary = c.length == 0 ? Optional.empty()
          : Optional.of(new JobProgress.ConfidenceSummary(c[0], c[c.length / 2], c[c.length - 1]));
      events.publish(new JobProgress(p.job().jobId(), at.request().tenant(), p.step(), p.totalSteps(),
          p.liveTrajectories(), p.visualTokens(), p.theta(), summary, curve), ofAttempt(at, p.step()));
    }
    for (StepReport.Failed<JobCoordinates> f : report.failed()) {
      // A failure inside the engine ends that job, not the worker: its offset goes, so it is not
      // redelivered to crash the next worker too.
      JobCoordinates at = f.job().attachment();
      progress.forget(f.job().jobId());
      LOG.warn("job {} failed inside the engine: {}", f.job().jobId(), f.reason());
      terminal(at, new JobFailed(f.job().jobId(), at.request().tenant(), JobFailed.Reason.INTERNAL, f.reason(), false), "failed");
    }
    for (StepReport.Finished<JobCoordinates> f : report.finished()) {
      progress.forget(f.job().jobId());
      JobCoordinates at = f.job().attachment();
      JobArtifacts artifacts = lane.writer().write(f);
      uploader.execute(() -> complete(f, at, artifacts));
    }
  }

  /**
   * Event id discriminators of a run's progress and pruned events: a re-run's (attempt 2 on) carry
   * the attempt too, so consumers that dedupe by id see it instead of taking it for the first run's
   * events; a first run's ids are as they always were ({@code j-42/pruned/3}).
   */
  private static Object[] ofAttempt(JobCoordinates at, Object discriminator) {
    return at.attempt() == 1 ? new Object[] {discriminator} : new Object[] {discriminator, "attempt-" + at.attempt()};
  }

  /** On the uploader thread: objects first, then the completion event, then the offset may go. */
  private void complete(StepReport.Finished<JobCoordinates> f, JobCoordinates at, JobArtifacts artifacts) {
    String jobId = f.job().jobId();
    var o = f.outcome();
    try {
      long t0 = System.nanoTime();
      ResultStore.Stored stored = store.store(jobId, artifacts);
      long uploadMs = (System.nanoTime() - t0) / 1_000_000;
      events.publishDurably(new JobCompleted(jobId, at.request().tenant(), stored.bucket(), stored.keys(), stored.urls(),
          stored.urlsExpireAt(), o.selectedTrajectory(), finite(o.selectedConfidence()),
          o.accounting().trajectoriesEndedEarly(),
          new JobCompleted.Tokens(o.accounting().visualTokens(), o.accounting().rowSteps(), o.accounting().fullBestOfNTokens()),
          new JobCompleted.Timings(f.queuedNanos() / 1_000_000, f.runNanos() / 1_000_000, uploadMs)));
      metrics.jobFinished("completed", o.accounting().visualTokens(), o.accounting().fullBestOfNTokens());
      done.add(new Done(at));
    } catch (Exception e) {
      String why = FailureMessage.of(e);
      LOG.error("job {} failed after sampling: {}", jobId, why);
      JobFailed.Reason reason = e instanceof dev.scalingar.worker.results.StorageException
          ? JobFailed.Reason.STORAGE_ERROR : JobFailed.Reason.BROKER_ERROR;
      try {
        events.publishDurably(new JobFailed(jobId, at.request().tenant(), reason, why, true));
        metrics.jobFinished("failed", o.accounting().visualTokens(), o.accounting().fullBestOfNTokens());
        done.add(new Done(at));
      } catch (Exception again) {
        // Neither result nor failure could be recorded: keep the offset so the job is redelivered.
        LOG.error("job {}: could not publish its failure either: {}", jobId, FailureMessage.of(again));
      }
    }
  }

  private void terminal(JobCoordinates at, dev.scalingar.schemas.events.JobEvent event) {
    terminal(at, event, "cancelled");
  }

  private void terminal(JobCoordinates at, dev.scalingar.schemas.events.JobEvent event, String outcome) {
    try {
      events.publishDurably(event);
      metrics.jobFinished(outcome, 0, 0);
      offsets.finished(at.partition(), at.offset());
    } catch (Exception e) {
      LOG.error("job {}: could not publish {}: {}", at.request().jobId(), event.getClass().getSimpleName(), FailureMessage.of(e));
    }
  }

  private void commitFinished() {
    for (Done d; (d = done.poll()) != null; ) {
      try {
        offsets.finished(d.at().partition(), d.at().offset());
      } catch (IllegalStateException revoked) {
        // The partition moved to another worker meanwhile; it will redo the job, same keys, same bytes.
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
    lanes.values().forEach(l -> l.engine().cancelPending());
    consumer.pause(consumer.assignment());
  }

  private static OptionalDouble finite(double v) {
    return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitFinished();
      // Jobs of revoked partitions stop here, uncommitted: their new owner runs them again.
      for (Lane lane : lanes.values()) {
        for (EngineJob<JobCoordinates> job : lane.engine().heldJobs()) {
          if (partitions.contains(job.attachment().partition())) {
            lane.engine().cancel(job.jobId());
            progress.forget(job.jobId());
          }
        }
      }
      commits.released(partitions);
      LOG.info("partitions revoked: {}", partitions);
    }

    /**
     * The member was removed from the group before it could give the partitions back (its session
     * expired, or a step outlasted max.poll.interval): nothing can be committed any more, so the
     * jobs are just dropped; the group redelivers them.
     */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      for (Lane lane : lanes.values()) {
        for (EngineJob<JobCoordinates> job : lane.engine().heldJobs()) {
          if (partitions.contains(job.attachment().partition())) {
            lane.engine().cancel(job.jobId());
            progress.forget(job.jobId());
          }
        }
      }
      commits.released(partitions);
      LOG.warn("partitions lost (removed from the group): {}; their jobs are dropped and will be redelivered", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      commits.assigned(partitions);
      LOG.info("partitions assigned: {}", partitions);
    }
  }

  @Override
  public void close() {
    uploader.shutdownNow();
    // A static member would otherwise keep its partitions until its session expires; leave explicitly.
    consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    control.close();
    events.close();
    deadLetters.close();
  }
}
