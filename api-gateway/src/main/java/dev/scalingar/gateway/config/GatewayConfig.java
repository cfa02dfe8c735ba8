package dev.scalingar.gateway.config;

import dev.scalingar.gateway.view.JobView;
import dev.scalingar.schemas.JobSpec;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the gateway, under {@code gateway.*}. Defaults are the ones a single-machine
 * stack wants; each leaf says why it has its value. Quarkus' own keys (port, host, body limit) stay
 * under {@code quarkus.*} in application.properties.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  Kafka kafka();

  /**
   * Tenants by id (the id is the {@code tenant} of every record); none configured: every call is
   * 401.
   */
  Map<String, TenantConfig> tenants();

  Limits limits();

  Request request();

  Webhooks webhooks();

  Ui ui();

  Fleet fleet();

  View view();

  interface Kafka {
    /** {@code host:port,...}; application.properties maps {@code KAFKA_BOOTSTRAP_SERVERS} here. */
    @WithDefault("127.0.0.1:19092")
    String bootstrapServers();

    /**
     * How long POST /v1/jobs waits for the broker to acknowledge the job record before answering
     * 503. The producer's own delivery timeout is set to the same value, so after a 503 the
     * producer has given up too (the outcome is unknown only if the broker wrote it at the last
     * moment).
     */
    @WithDefault("PT5S")
    Duration ackTimeout();

    /**
     * How long {@code send()} may block for metadata or buffer space. It runs on the HTTP event
     * loop, so this is kept short: a broker that is away turns into a quick 503, not a stalled
     * loop.
     */
    @WithDefault("PT0.25S")
    Duration maxBlock();

    /**
     * Producer linger: a millisecond of batching halves broker round trips under load and costs ~1
     * ms of latency.
     */
    @WithDefault("PT0.001S")
    Duration linger();

    /** CloudEvents {@code source} of the records the gateway writes. */
    @WithDefault("urn:scalingar:api-gateway")
    String source();
  }

  interface TenantConfig {
    /**
     * Lower-case hex SHA-256 of each API key that maps to this tenant (several, so keys can be
     * rotated). Keys themselves are never configured: {@code printf %s "$KEY" | sha256sum}.
     */
    @WithName("api-key-sha256")
    List<String> apiKeySha256();

    /**
     * Standard Webhooks secret ({@code whsec_} + base64 of 24–64 bytes); absent: derived from
     * {@code gateway.webhooks.signing-key}.
     */
    Optional<String> webhookSecret();

    /** Overrides {@code gateway.limits.rate-per-second}. */
    Optional<Double> ratePerSecond();

    /** Overrides {@code gateway.limits.burst}. */
    Optional<Integer> burst();

    /** Overrides {@code gateway.limits.max-queued-jobs}. */
    Optional<Integer> maxQueuedJobs();
  }

  interface Limits {
    /** Sustained job submissions (and cancels) per second per tenant; a token bucket. */
    @WithDefault("50")
    double ratePerSecond();

    /** Bucket size: requests a tenant may send at once after being idle. */
    @WithDefault("100")
    int burst();

    /**
     * Jobs of one tenant that may wait in status {@code queued}; more is a 429 until workers catch
     * up.
     */
    @WithDefault("1000")
    int maxQueuedJobs();

    /**
     * Retry-After when the queued-jobs cap is hit: about how long a worker needs to take a few
     * jobs.
     */
    @WithDefault("PT5S")
    Duration queueFullRetryAfter();
  }

  interface Request {
    /**
     * Largest request body in bytes; larger is 413 before it is read. A job spec is a few hundred
     * bytes; 64 KiB leaves room for metadata (16 labels of 256 characters) and then some.
     */
    @WithDefault("65536")
    int maxBodyBytes();

    /**
     * Models the fleet serves, each with its own workers (default: the job spec's default model,
     * which is what a worker serves by default); a spec naming another is 422. Prompts of the
     * ShapesWorld models are checked against its grammar.
     */
    @WithDefault(JobSpec.DEFAULT_MODEL)
    List<String> models();

    /** Page size of GET /v1/jobs when the caller gives no {@code limit}. */
    @WithDefault("20")
    int defaultPageSize();

    /** Largest {@code limit} of GET /v1/jobs. */
    @WithDefault("100")
    int maxPageSize();
  }

  interface Webhooks {
    /** Deliver webhooks at all (turn off on all but one replica if several gateways run). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Master key (any string, keep it secret) from which tenants without {@code webhook-secret} get
     * theirs by HMAC. Absent: a random key per process, so those secrets change on restart
     * (logged).
     */
    Optional<String> signingKey();

    /**
     * Private, loopback and link-local targets are refused (a webhook must not reach into the
     * gateway's own network); these addresses or CIDR blocks are allowed anyway, e.g. 127.0.0.1.
     */
    Optional<List<String>> allowPrivateTargets();

    /**
     * Attempts per delivery, the first included (Standard Webhooks recommends retrying for a
     * while).
     */
    @WithDefault("6")
    int maxAttempts();

    /** Wait before the second attempt; it doubles each time up to {@code max-backoff}. */
    @WithDefault("PT1S")
    Duration initialBackoff();

    @WithDefault("PT60S")
    Duration maxBackoff();

    /** Per-attempt timeout (connect + response). */
    @WithDefault("PT10S")
    Duration timeout();

    /**
     * After a restart the view replays the events topic; terminal events younger than this are
     * delivered again (receivers dedupe by webhook-id, which is the event id), older ones are not.
     * Delivery state is not in Kafka, so this trades a duplicate for never losing one in a restart.
     */
    @WithDefault("PT10M")
    Duration redeliverWindow();
  }

  interface Ui {
    /**
     * Key (any string, keep it secret) that signs stream tokens: EventSource cannot send the
     * Authorization header, so the browser asks for a token bound to one job and tenant and puts it
     * in the events URL. Absent: a random key per process (tokens live a minute, so a restart only
     * makes open pages ask again). Set the same key on every replica behind one load balancer.
     */
    Optional<String> streamTokenKey();

    /** How long a stream token may start a stream (a started stream runs to the job's end). */
    @WithDefault("PT60S")
    Duration streamTokenTtl();
  }

  interface Fleet {
    /**
     * A worker whose last heartbeat is older than this many of its own intervals is shown as gone.
     */
    @WithDefault("3")
    int missedHeartbeats();

    /** Window of the fleet page's rates (jobs, pruned trajectories and tokens saved per minute). */
    @WithDefault("PT60S")
    Duration rateWindow();
  }

  interface View {
    /**
     * Events of one job the view keeps, in order, so that an SSE client reconnecting with {@code
     * Last-Event-ID} gets the events it missed; beyond this the oldest are dropped, and a client
     * whose last event is older gets the job's status instead. A job of the shipped models sends
     * one started and one progress event per 16 of its 256 steps, one pruned event per pruned
     * trajectory, and its accepted and terminal events: about 20 + n, so 256 hold a whole job of 64
     * trajectories with retries to spare. 0 keeps none (a reconnect always gets the status).
     */
    @WithDefault(JobView.Replay.DEFAULT_EVENTS_PER_JOB)
    int replayEventsPerJob();

    /**
     * Finished jobs that keep those events, the most recently finished (older finished jobs keep
     * only their state). Bounds the memory: a client that was away when its job finished (a gateway
     * restart, a network break) reconnects within seconds, and each kept job costs about its
     * progress events' curves (32 steps × (n + 1) numbers each).
     */
    @WithDefault(JobView.Replay.DEFAULT_FINISHED_JOBS)
    int replayFinishedJobs();
  }
}
