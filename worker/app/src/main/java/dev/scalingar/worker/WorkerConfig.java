package dev.scalingar.worker;

import dev.scalingar.engine.Admission;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.Topics;
import dev.scalingar.worker.results.StorageSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the worker process is told, read from environment variables (Kubernetes style) with
 * documented defaults that run against the embedded stack.
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:19092)
 * @param jobsTopic SCALINGAR_JOBS_TOPIC (scalingar.jobs.{model}.v1): the jobs topic of each served
 *     model, {@code {model}} replaced by its name (see {@link #jobsTopics()}); a name without
 *     {@code {model}} is one topic, allowed for a single model only
 * @param eventsTopic SCALINGAR_EVENTS_TOPIC (scalingar.events.v1)
 * @param controlTopic SCALINGAR_CONTROL_TOPIC (scalingar.control.v1)
 * @param dlqTopic SCALINGAR_DLQ_TOPIC (scalingar.jobs.dlq.v1)
 * @param consumerGroup SCALINGAR_CONSUMER_GROUP (scalingar-workers): workers share the jobs topic
 * @param workerId SCALINGAR_WORKER_ID (the host name): in events and DLQ headers
 * @param storage S3_ENDPOINT (http://127.0.0.1:19000), S3_ACCESS_KEY and S3_SECRET_KEY (minioadmin,
 *     the embedded server's), S3_REGION (us-east-1), S3_BUCKET (scalingar), S3_URL_EXPIRY_HOURS
 *     (24: lifetime of presigned URLs in completion events), S3_RETRY_DEADLINE_SECONDS (180: how
 *     long a job's upload retries while storage is unreachable or answers 5xx/429, before the job
 *     fails with storage_error; intake is paused and /health/ready says 503 meanwhile) and
 *     S3_BACKOFF_MS (250: the first retry's delay, doubled per try up to 8 s). S3_MAX_ATTEMPTS is
 *     gone (it gave up after about 8 s); setting it is a configuration error naming its replacement
 * @param models SCALINGAR_MODEL (shapes-v2, the job spec's default model): the models this worker
 *     serves, comma-separated ({@code shapes-v1,shapes-v2} serves both, each with its own engine of
 *     SCALINGAR_ROW_CAPACITY rows, taking turns on the device); a job for another model is
 *     dead-lettered as {@code unknown_model}
 * @param weights SCALINGAR_MODEL_WEIGHTS (empty: the shipped weights of every model): a weights
 *     file for the one model served, or {@code model=FILE} pairs, comma-separated, for several
 * @param device SCALINGAR_DEVICE (cpu; gpu selects the CUDA flavour of the same engine)
 * @param rowCapacity SCALINGAR_ROW_CAPACITY (64): model rows; each trajectory takes two (CFG)
 * @param engine SCALINGAR_ADMISSION (adaptive: admits when the model's cost line says so; refill
 *     and static are the baselines), SCALINGAR_AGING_STEPS (64: how long backfill may overtake the
 *     oldest pending job), SCALINGAR_PROGRESS_EVERY (16: steps between progress events) and
 *     SCALINGAR_COHORT_WAIT_STEPS (256: how long adaptive may hold a job that fits, for a cohort)
 *     and SCALINGAR_COMPACT_ROWS (true: trajectories still decoding move down into freed slots, so
 *     a step's rows stay one dense range of the model's cache) and SCALINGAR_SAMPLER_THREADS (auto:
 *     1 on a CPU worker, whose cores the model's threads use; the available processors on a GPU
 *     worker, whose sampler would otherwise take as long as the device's step)
 * @param httpPort SCALINGAR_HTTP_PORT (18090): /metrics, /health/live, /health/ready
 * @param drainTimeout SCALINGAR_DRAIN_SECONDS (60): on SIGTERM, how long in-flight jobs may finish
 * @param decodeGroups SCALINGAR_DECODE_GROUPS (auto): how a decoding step with rows at mixed
 *     positions is split into model calls: {@code single}, {@code fitted} (constants fitted on a
 *     2-core CPU) or {@code callOverhead,trajectoryCost} from {@code ./scalingar model-bench} on
 *     the node, or {@code measure}: fitted at start-up on the node itself (model-bench's decode
 *     cost fit on the loaded model, a few seconds before the first job), so that the planner and
 *     the cost-aware admission decide by the line of the machine they run on. {@code auto} is
 *     {@code fitted} on a CPU and {@code single} on a GPU, where a kernel launch costs more than
 *     attention over this model's 263 positions (not measured: no GPU here)
 * @param measureDecodeGroups SCALINGAR_DECODE_GROUPS was {@code measure} ({@code decodeGroups} is
 *     then the planner until the fit replaces it)
 * @param calibration SCALINGAR_CALIBRATION (shipped): the model's calibration for {@code
 *     scalingar}: {@code shipped} (the one shipped beside the weights, if any), {@code none} (the
 *     paper's C and gate), or a calibration file; one fitted for other weights stops the worker at
 *     start
 * @param kafka KAFKA_BOOTSTRAP_SERVERS with every KAFKA_CLIENT_* variable as a client property
 *     (none: plaintext and anonymous, as the embedded stack runs); see {@link KafkaConnection}
 * @param progressMaxPerSecond SCALINGAR_PROGRESS_MAX_PER_SECOND (2): and at most this many progress
 *     events per second per job, however fast the device steps (a browser follows them live)
 * @param heartbeatInterval SCALINGAR_HEARTBEAT_SECONDS (5): between two worker heartbeats (the
 *     gateway's fleet view calls a worker gone after three missed ones)
 * @param group SCALINGAR_GROUP_SESSION_TIMEOUT_MS (10000), SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS
 *     (3000), SCALINGAR_MAX_POLL_INTERVAL_MS (300000), SCALINGAR_GROUP_INSTANCE_ID (none): the jobs
 *     consumer's group membership; see {@link GroupMembership}
 * @param maxAttempts SCALINGAR_MAX_ATTEMPTS (3): how many times one job record may start, counted
 *     across workers and redeliveries ({@link AttemptLedger}); a job whose step fails (NaN logits,
 *     a model error) runs again as the next attempt until then, and a record that has started this
 *     many times (it kept ending its workers) is dead-lettered with reason internal, never run
 *     again
 * @param artifacts SCALINGAR_ARTIFACT_THREADS (2) and SCALINGAR_ARTIFACT_QUEUE (8): encoding and
 *     upload of finished jobs off the loop thread; see {@link ArtifactSettings}
 */
public record WorkerConfig(
    String bootstrapServers,
    String jobsTopic,
    String eventsTopic,
    String controlTopic,
    String dlqTopic,
    String consumerGroup,
    String workerId,
    StorageSettings storage,
    List<String> models,
    Map<String, String> weights,
    String device,
    int rowCapacity,
    EngineOptions engine,
    int httpPort,
    Duration drainTimeout,
    DecodeGroups decodeGroups,
    boolean measureDecodeGroups,
    String calibration,
    KafkaConnection kafka,
    double progressMaxPerSecond,
    Duration heartbeatInterval,
    GroupMembership group,
    int maxAttempts,
    ArtifactSettings artifacts) {

  public WorkerConfig {
    if (rowCapacity < 2 || httpPort < 0 || drainTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "SCALINGAR_ROW_CAPACITY >= 2, a valid port and drain time");
    }
    models = List.copyOf(models);
    weights = Map.copyOf(weights);
    if (models.isEmpty()
        || models.stream().anyMatch(m -> !m.matches(MODEL_NAME))
        || models.stream().distinct().count() != models.size()) {
      throw new IllegalArgumentException(
          "SCALINGAR_MODEL must name one or more distinct models ("
              + MODEL_NAME
              + "), comma-separated; was "
              + String.join(",", models));
    }
    if (models.size() > 1 && !jobsTopic.contains("{model}")) {
      throw new IllegalArgumentException(
          "SCALINGAR_JOBS_TOPIC '"
              + jobsTopic
              + "' names one topic for "
              + models.size()
              + " models; use {model} in it, e.g. "
              + Topics.JOBS_TEMPLATE);
    }
    models.forEach(m -> Topics.jobs(jobsTopic, m)); // refuses a model name no topic can be made of
    for (String m : weights.keySet()) {
      if (!models.contains(m)) {
        throw new IllegalArgumentException(
            "SCALINGAR_MODEL_WEIGHTS names " + m + ", which SCALINGAR_MODEL does not serve");
      }
    }
    if (models.size() > 1 && !calibration.equals("shipped") && !calibration.equals("none")) {
      throw new IllegalArgumentException(
          "SCALINGAR_CALIBRATION=FILE fits one model's weights; serve one model with it, not "
              + String.join(",", models));
    }
    if (!(progressMaxPerSecond > 0)
        || heartbeatInterval.isNegative()
        || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "SCALINGAR_PROGRESS_MAX_PER_SECOND and SCALINGAR_HEARTBEAT_SECONDS must be positive");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "SCALINGAR_MAX_ATTEMPTS must be at least 1, was " + maxAttempts);
    }
    if (!device.equals("cpu") && !device.equals("gpu")) {
      throw new IllegalArgumentException(
          "SCALINGAR_DEVICE must be cpu or gpu, was '" + device + "'");
    }
  }

  /**
   * SCALINGAR_MAX_ATTEMPTS's default: a job gets a second and a third chance in other batches, on
   * other workers.
   */
  static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** A model name as the job spec's schema allows it. */
  static final String MODEL_NAME = "^[a-z0-9][a-z0-9._-]{0,63}$";

  /** The weights file for {@code model}, empty for its shipped weights. */
  public Optional<String> weightsOf(String model) {
    return Optional.ofNullable(weights.get(model));
  }

  public static WorkerConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** The jobs topic of each served model, in the order of {@link #models()}. */
  public List<String> jobsTopics() {
    return models.stream().map(m -> Topics.jobs(jobsTopic, m)).distinct().toList();
  }

  public static WorkerConfig from(Map<String, String> env) {
    Function<String, Function<String, String>> or =
        key ->
            def -> {
              String v = env.get(key);
              return v == null || v.isBlank() ? def : v.trim();
            };
    String bootstrapServers = or.apply("KAFKA_BOOTSTRAP_SERVERS").apply("127.0.0.1:19092");
    String device = or.apply("SCALINGAR_DEVICE").apply("cpu");
    if (env.containsKey("S3_MAX_ATTEMPTS")) {
      // A count of attempts gave up within seconds whatever it was set to; a deadline says what is
      // meant.
      throw new IllegalArgumentException(
          "S3_MAX_ATTEMPTS was replaced by S3_RETRY_DEADLINE_SECONDS (how long an upload "
              + "retries while storage is down, default "
              + StorageSettings.DEFAULT_RETRY_DEADLINE.toSeconds()
              + ")");
    }
    List<String> models =
        Arrays.stream(or.apply("SCALINGAR_MODEL").apply(JobSpec.DEFAULT_MODEL).split(","))
            .map(String::trim)
            .toList();
    return new WorkerConfig(
        bootstrapServers,
        or.apply("SCALINGAR_JOBS_TOPIC").apply(Topics.JOBS_TEMPLATE),
        or.apply("SCALINGAR_EVENTS_TOPIC").apply(Topics.EVENTS),
        or.apply("SCALINGAR_CONTROL_TOPIC").apply(Topics.CONTROL),
        or.apply("SCALINGAR_DLQ_TOPIC").apply(Topics.JOBS_DLQ),
        or.apply("SCALINGAR_CONSUMER_GROUP").apply("scalingar-workers"),
        or.apply("SCALINGAR_WORKER_ID").apply(hostName()),
        new StorageSettings(
            or.apply("S3_ENDPOINT").apply("http://127.0.0.1:19000"),
            or.apply("S3_ACCESS_KEY").apply("minioadmin"),
            or.apply("S3_SECRET_KEY").apply("minioadmin"),
            or.apply("S3_REGION").apply("us-east-1"),
            or.apply("S3_BUCKET").apply("scalingar"),
            Duration.ofHours(
                number("S3_URL_EXPIRY_HOURS", or.apply("S3_URL_EXPIRY_HOURS").apply("24"))),
            Duration.ofSeconds(
                number(
                    "S3_RETRY_DEADLINE_SECONDS",
                    or.apply("S3_RETRY_DEADLINE_SECONDS")
                        .apply(Long.toString(StorageSettings.DEFAULT_RETRY_DEADLINE.toSeconds())))),
            Duration.ofMillis(
                number(
                    "S3_BACKOFF_MS",
                    or.apply("S3_BACKOFF_MS")
                        .apply(Long.toString(StorageSettings.DEFAULT_BACKOFF.toMillis()))))),
        models,
        weights(or.apply("SCALINGAR_MODEL_WEIGHTS").apply(""), models),
        device,
        (int) number("SCALINGAR_ROW_CAPACITY", or.apply("SCALINGAR_ROW_CAPACITY").apply("64")),
        new EngineOptions(
            admission(or.apply("SCALINGAR_ADMISSION").apply("adaptive")),
            (int) number("SCALINGAR_AGING_STEPS", or.apply("SCALINGAR_AGING_STEPS").apply("64")),
            (int)
                number(
                    "SCALINGAR_PROGRESS_EVERY", or.apply("SCALINGAR_PROGRESS_EVERY").apply("16")),
            (int)
                number(
                    "SCALINGAR_COHORT_WAIT_STEPS",
                    or.apply("SCALINGAR_COHORT_WAIT_STEPS").apply("256")),
            flag("SCALINGAR_COMPACT_ROWS", or.apply("SCALINGAR_COMPACT_ROWS").apply("true")),
            samplerThreads(or.apply("SCALINGAR_SAMPLER_THREADS").apply("auto"), device)),
        (int) number("SCALINGAR_HTTP_PORT", or.apply("SCALINGAR_HTTP_PORT").apply("18090")),
        Duration.ofSeconds(
            number("SCALINGAR_DRAIN_SECONDS", or.apply("SCALINGAR_DRAIN_SECONDS").apply("60"))),
        decodeGroups(or.apply("SCALINGAR_DECODE_GROUPS").apply("auto"), device),
        or.apply("SCALINGAR_DECODE_GROUPS").apply("auto").trim().equals("measure"),
        or.apply("SCALINGAR_CALIBRATION").apply("shipped"),
        KafkaConnection.fromEnvironment(bootstrapServers, env),
        Double.parseDouble(or.apply("SCALINGAR_PROGRESS_MAX_PER_SECOND").apply("2")),
        Duration.ofMillis(
            (long) (1000 * Double.parseDouble(or.apply("SCALINGAR_HEARTBEAT_SECONDS").apply("5")))),
        new GroupMembership(
            Duration.ofMillis(
                number(
                    "SCALINGAR_GROUP_SESSION_TIMEOUT_MS",
                    or.apply("SCALINGAR_GROUP_SESSION_TIMEOUT_MS")
                        .apply(
                            Long.toString(GroupMembership.DEFAULTS.sessionTimeout().toMillis())))),
            Duration.ofMillis(
                number(
                    "SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS",
                    or.apply("SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS")
                        .apply(
                            Long.toString(
                                GroupMembership.DEFAULTS.heartbeatInterval().toMillis())))),
            Duration.ofMillis(
                number(
                    "SCALINGAR_MAX_POLL_INTERVAL_MS",
                    or.apply("SCALINGAR_MAX_POLL_INTERVAL_MS")
                        .apply(
                            Long.toString(GroupMembership.DEFAULTS.maxPollInterval().toMillis())))),
            Optional.ofNullable(env.get("SCALINGAR_GROUP_INSTANCE_ID")).map(String::trim)),
        (int)
            number(
                "SCALINGAR_MAX_ATTEMPTS",
                or.apply("SCALINGAR_MAX_ATTEMPTS").apply(Integer.toString(DEFAULT_MAX_ATTEMPTS))),
        new ArtifactSettings(
            (int)
                number(
                    "SCALINGAR_ARTIFACT_THREADS",
                    or.apply("SCALINGAR_ARTIFACT_THREADS")
                        .apply(Integer.toString(ArtifactSettings.DEFAULTS.threads()))),
            (int)
                number(
                    "SCALINGAR_ARTIFACT_QUEUE",
                    or.apply("SCALINGAR_ARTIFACT_QUEUE")
                        .apply(Integer.toString(ArtifactSettings.DEFAULTS.queue())))));
  }

  private static long number(String variable, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a whole number, was '" + value + "'");
    }
  }

  private static boolean flag(String variable, String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              variable + " must be true or false, was '" + value + "'");
    };
  }

  private static Admission admission(String value) {
    try {
      return Admission.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SCALINGAR_ADMISSION must be adaptive, refill or static, was '" + value + "'");
    }
  }

  /** {@code FILE} for a single model, else {@code model=FILE,model=FILE}. */
  static Map<String, String> weights(String spec, List<String> models) {
    if (spec.isEmpty()) {
      return Map.of();
    }
    if (!spec.contains("=")) {
      if (models.size() != 1) {
        throw new IllegalArgumentException(
            "SCALINGAR_MODEL_WEIGHTS: with several models, give model=FILE pairs, comma-separated");
      }
      return Map.of(models.get(0), spec);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException(
            "SCALINGAR_MODEL_WEIGHTS: '" + pair.trim() + "' is not model=FILE");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  static int samplerThreads(String spec, String device) {
    if (spec.equals("auto")) {
      return device.equals("gpu") ? Runtime.getRuntime().availableProcessors() : 1;
    }
    long n = number("SCALINGAR_SAMPLER_THREADS", spec);
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException(
          "SCALINGAR_SAMPLER_THREADS must be auto or 1..1024, was " + spec);
    }
    return (int) n;
  }

  static DecodeGroups decodeGroups(String spec, String device) {
    if (spec.trim().equals("measure")) { // until the start-up fit replaces it
      return device.equals("gpu") ? DecodeGroups.SINGLE_CALL : DecodeGroups.CPU;
    }
    if (spec.equals("auto")) {
      return device.equals("gpu") ? DecodeGroups.SINGLE_CALL : DecodeGroups.CPU;
    }
    try {
      return DecodeGroups.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SCALINGAR_DECODE_GROUPS: " + e.getMessage() + ", auto or measure");
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "worker";
    }
  }
}
