package dev.scalingar.gateway.submit;

import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.kafka.JobPublisher;
import dev.scalingar.gateway.kafka.TraceContext;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.Problem.FieldError;
import dev.scalingar.gateway.problem.ProblemException;
import dev.scalingar.gateway.tenant.RateLimiter;
import dev.scalingar.gateway.tenant.Tenant;
import dev.scalingar.gateway.view.JobSnapshot;
import dev.scalingar.gateway.view.JobStatus;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.gateway.webhook.WebhookDispatcher;
import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobAccepted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Accepting a job: checks in the order that costs least first (view ready, rate, body, idempotency,
 * queue cap), then writes the job record and answers only when the broker acknowledged it.
 */
@ApplicationScoped
public class JobSubmission {

  private static final Logger LOG = Logger.getLogger(JobSubmission.class);
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  /** A submission's outcome: the job, and whether it is an earlier submission returned again. */
  public record Submitted(
      String jobId, JobStatus status, long seed, Instant createdAt, boolean replayed) {}

  private record InFlight(String digest, CompletableFuture<Submitted> result) {}

  private final GatewayConfig config;
  private final JobView view;
  private final JobPublisher publisher;
  private final SpecReader specs;
  private final RateLimiter rateLimiter = new RateLimiter(System::nanoTime);
  private final WebhookDispatcher webhooks;
  private final MeterRegistry metrics;
  private final Timer ackTimer;
  // Idempotent submissions whose job record is on its way: a concurrent retry waits for the first.
  private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
  // The accepted event is sent from here, never from the producer's I/O thread (its callback),
  // where a blocking send() could wait on the very thread that frees buffer space.
  private final ExecutorService acceptedSender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "scalingar-accepted-events");
            t.setDaemon(true);
            return t;
          });

  @Inject
  public JobSubmission(
      GatewayConfig config,
      JobView view,
      JobPublisher publisher,
      WebhookDispatcher webhooks,
      MeterRegistry metrics) {
    this.config = config;
    this.view = view;
    this.publisher = publisher;
    this.webhooks = webhooks;
    this.metrics = metrics;
    this.specs = new SpecReader(config.request().models());
    this.ackTimer =
        Timer.builder("scalingar.gateway.kafka.ack")
            .description("time from send to the broker's ack of a job record")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  public CompletionStage<Submitted> submit(
      Tenant tenant, Optional<String> idempotencyKey, byte[] body, TraceContext trace) {
    requireReady();
    if (body != null && body.length > config.request().maxBodyBytes()) {
      throw rejected("body_too_large", Problem.bodyTooLarge(config.request().maxBodyBytes()));
    }
    idempotencyKey.ifPresent(JobSubmission::checkKey);
    limitRate(tenant);
    SpecReader.Read read;
    try {
      read = specs.read(body);
    } catch (ProblemException e) {
      throw rejected("invalid", e.problem());
    }
    JobSpec spec = read.spec();
    checkWebhookTarget(spec);
    String digest = JobIds.specDigest(spec);
    if (idempotencyKey.isEmpty()) {
      return accept(tenant, JobIds.random(), read, digest, trace);
    }
    String jobId = JobIds.forIdempotencyKey(tenant.id(), idempotencyKey.get());
    Optional<JobSnapshot> existing = view.get(jobId);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(replay(existing.get(), digest));
    }
    InFlight mine = new InFlight(digest, new CompletableFuture<>());
    InFlight first = inFlight.putIfAbsent(jobId, mine);
    if (first != null) {
      return first
          .result()
          .thenApply(
              s -> {
                if (!first.digest().equals(digest)) {
                  throw rejected("idempotency_conflict", Problem.idempotencyKeyReused());
                }
                return new Submitted(s.jobId(), s.status(), s.seed(), s.createdAt(), true);
              });
    }
    CompletionStage<Submitted> result;
    try {
      result = accept(tenant, jobId, read, digest, trace);
    } catch (RuntimeException e) {
      inFlight.remove(jobId, mine);
      mine.result().completeExceptionally(e);
      throw e;
    }
    return result.whenComplete(
        (s, e) -> {
          inFlight.remove(jobId, mine);
          if (e != null) {
            mine.result().completeExceptionally(e);
          } else {
            mine.result().complete(s);
          }
        });
  }

  private CompletionStage<Submitted> accept(
      Tenant tenant, String jobId, SpecReader.Read read, String digest, TraceContext trace) {
    JobSpec spec = read.spec();
    int queued = view.queued(tenant.id());
    if (queued >= tenant.maxQueuedJobs()) {
      throw rejected(
          "queue_full",
          Problem.queueFull(
              tenant.maxQueuedJobs(),
              Math.max(1, config.limits().queueFullRetryAfter().toSeconds())));
    }
    JobSpec seeded = spec.seed().isPresent() ? spec : spec.withSeed(JobIds.seedFor(jobId));
    // millisecond precision: the record's date-time and the list cursor agree exactly
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    JobRequest request = new JobRequest(jobId, tenant.id(), now, seeded);
    long started = System.nanoTime();
    return publisher
        .publishJob(request, digest, trace)
        .orTimeout(config.kafka().ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (metadata, error) -> {
              if (error != null) {
                LOG.warnf(
                    "job %s not accepted: the broker did not confirm (%s)",
                    jobId, error.toString());
                throw rejected(
                    "broker_unavailable",
                    Problem.brokerUnavailable(
                        1,
                        "the job log did not confirm the job in time; nothing was accepted. Retry (with the same "
                            + "Idempotency-Key, so a job that did land is not submitted twice)"));
              }
              ackTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              // read-your-writes: the job is visible (GET, idempotency, queue cap) before the feed
              // sees it,
              // and so is its accepted event (its canonical prompt); the feed skips both by event
              // id
              view.applyRequest(request, digest, now);
              JobAccepted accepted = JobPublisher.accepted(request, read.canonicalPrompt());
              view.applyEvent(
                  WireEvents.eventId(jobId, EventType.JOB_ACCEPTED),
                  now,
                  accepted,
                  EventType.JOB_ACCEPTED);
              acceptedSender.execute(
                  () ->
                      publisher
                          .publishAccepted(accepted, digest, trace)
                          .whenComplete(
                              (m, e) -> {
                                if (e != null) {
                                  LOG.warnf(
                                      "accepted event of job %s not written: %s",
                                      jobId, e.toString());
                                }
                              }));
              metrics.counter("scalingar.gateway.jobs", "outcome", "accepted").increment();
              return new Submitted(jobId, JobStatus.QUEUED, seeded.seed().getAsLong(), now, false);
            });
  }

  private Submitted replay(JobSnapshot job, String digest) {
    if (!job.specDigest().map(digest::equals).orElse(false)) {
      throw rejected("idempotency_conflict", Problem.idempotencyKeyReused());
    }
    metrics.counter("scalingar.gateway.jobs", "outcome", "replayed").increment();
    JobRequest r = job.request().orElseThrow();
    return new Submitted(
        job.jobId(), job.status(), r.spec().seed().orElse(0), r.submittedAt(), true);
  }

  /** Writes a cancel command; the job's worker (or the one that later picks the job) stops it. */
  public CompletionStage<JobSnapshot> cancel(Tenant tenant, String jobId, TraceContext trace) {
    requireReady();
    limitRate(tenant);
    JobSnapshot job =
        view.get(tenant.id(), jobId)
            .orElseThrow(
                () ->
                    new ProblemException(
                        Problem.notFound("no job " + jobId))); // ready: checked above
    if (job.status().isTerminal()) {
      throw new ProblemException(Problem.jobFinished(jobId, job.status().wireName()));
    }
    return publisher
        .publishCancel(
            new CancelCommand(jobId, tenant.id(), Optional.of("requested through the API")), trace)
        .orTimeout(config.kafka().ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (m, e) -> {
              if (e != null) {
                throw new ProblemException(
                    Problem.brokerUnavailable(
                        1, "the cancel command was not confirmed in time; retry"));
              }
              return view.get(jobId).orElse(job);
            });
  }

  private void requireReady() {
    if (!view.caughtUp()) {
      // before the replay ends the view could miss an earlier job with the same Idempotency-Key
      throw new ProblemException(
          Problem.notReady("the job-status view is still being rebuilt from Kafka"));
    }
  }

  private void limitRate(Tenant tenant) {
    long wait = rateLimiter.acquire(tenant);
    if (wait > 0) {
      throw rejected("rate_limited", Problem.rateLimited(wait));
    }
  }

  private void checkWebhookTarget(JobSpec spec) {
    if (spec.webhookUrl().isEmpty()) {
      return;
    }
    Optional<String> refused;
    try {
      refused = webhooks.guard().checkWithoutDns(URI.create(spec.webhookUrl().get()));
    } catch (IllegalArgumentException e) {
      refused = Optional.of("not a valid URL: " + e.getMessage());
    }
    refused.ifPresent(
        why -> {
          throw rejected(
              "invalid", Problem.invalidRequest(List.of(new FieldError("/webhook_url", why))));
        });
  }

  private static void checkKey(String key) {
    if (key.isEmpty()
        || key.length() > MAX_IDEMPOTENCY_KEY
        || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new ProblemException(
          Problem.invalidHeader(
              "Idempotency-Key",
              "1 to "
                  + MAX_IDEMPOTENCY_KEY
                  + " printable ASCII characters without spaces (a UUID is a good key)"));
    }
  }

  private ProblemException rejected(String reason, Problem problem) {
    metrics.counter("scalingar.gateway.jobs", "outcome", reason).increment();
    return new ProblemException(problem);
  }

  @PreDestroy
  void stop() {
    acceptedSender.shutdown();
  }
}
