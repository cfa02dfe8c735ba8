package dev.scalingar.worker;

import dev.scalingar.model.DecodeGroups;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.Topics;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the worker process is told, read from environment variables (Kubernetes style) with
 * documented defaults that run against the embedded stack.
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:19092)
 * @param jobsTopic SCALINGAR_JOBS_TOPIC (scalingar.jobs.v1)
 * @param eventsTopic SCALINGAR_EVENTS_TOPIC (scalingar.events.v1)
 * @param controlTopic SCALINGAR_CONTROL_TOPIC (scalingar.control.v1)
 * @param dlqTopic SCALINGAR_DLQ_TOPIC (scalingar.jobs.dlq.v1)
 * @param consumerGroup SCALINGAR_CONSUMER_GROUP (scalingar-workers): workers share the jobs topic
 * @param workerId SCALINGAR_WORKER_ID (the host name): in events and DLQ headers
 * @param s3Endpoint S3_ENDPOINT (http://127.0.0.1:19000)
 * @param s3AccessKey S3_ACCESS_KEY (minioadmin, the embedded server's)
 * @param s3SecretKey S3_SECRET_KEY (minioadmin)
 * @param bucket S3_BUCKET (scalingar)
 * @param urlExpiry S3_URL_EXPIRY_HOURS (24): lifetime of presigned URLs in completion events
 * @param model SCALINGAR_MODEL (shapes-v1): the one model this worker serves
 * @param weights SCALINGAR_MODEL_WEIGHTS (empty: the shipped weights)
 * @param device SCALINGAR_DEVICE (cpu; gpu selects the CUDA flavour of the same engine)
 * @param rowCapacity SCALINGAR_ROW_CAPACITY (64): model rows; each trajectory takes two (CFG)
 * @param progressEvery SCALINGAR_PROGRESS_EVERY (16): at least this many steps between two progress
 *     events of a job (each event's curve carries the steps in between)
 * @param httpPort SCALINGAR_HTTP_PORT (18090): /metrics, /health/live, /health/ready
 * @param drainTimeout SCALINGAR_DRAIN_SECONDS (60): on SIGTERM, how long in-flight jobs may finish
 * @param decodeGroups SCALINGAR_DECODE_GROUPS (auto): how a decoding step with rows at mixed
 *     positions is split into model calls: {@code single}, {@code fitted} (constants fitted on a
 *     2-core CPU) or {@code callOverhead,trajectoryCost} from {@code ./scalingar model-bench} on the
 *     node. {@code auto} is {@code fitted} on a CPU and {@code single} on a GPU, where a kernel
 *     launch costs more than attention over this model's 263 positions (not measured: no GPU here)
 * @param calibration SCALINGAR_CALIBRATION (shipped): the model's calibration for {@code scalingar}:
 *     {@code shipped} (the one shipped beside the weights, if any), {@code none} (the paper's C
 *     and gate), or a calibration file; one fitted for other weights stops the worker at start
 * @param kafka KAFKA_BOOTSTRAP_SERVERS with every KAFKA_CLIENT_* variable as a client property
 *     (none: plaintext and anonymous, as the embedded stack runs); see {@link KafkaConnection}
 * @param progressMaxPerSecond SCALINGAR_PROGRESS_MAX_PER_SECOND (2): and at most this many progress
 *     events per second per job, however fast the device steps (a browser follows them live)
 * @param heartbeatInterval SCALINGAR_HEARTBEAT_SECONDS (5): between two worker heartbeats (the
 *     gateway's fleet view calls a worker gone after three missed ones)
 */
public record WorkerConfig(String bootstrapServers, String jobsTopic, String eventsTopic, String controlTopic,
    String dlqTopic, String consumerGroup, String workerId, String s3Endpoint, String s3AccessKey, String s3SecretKey,
    String bucket, Duration urlExpiry, String model, String weights, String device, int rowCapacity, int progressEvery,
    int httpPort, Duration drainTimeout, DecodeGroups decodeGroups, String calibration, KafkaConnection kafka,
    double progressMaxPerSecond, Duration heartbeatInterval) {

  public WorkerConfig {
    if (rowCapacity < 2 || progressEvery < 1 || httpPort < 0 || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("SCALINGAR_ROW_CAPACITY >= 2, SCALINGAR_PROGRESS_EVERY >= 1, a valid port and drain time");
    }
    if (!(progressMaxPerSecond > 0) || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("SCALINGAR_PROGRESS_MAX_PER_SECOND and SCALINGAR_HEARTBEAT_SECONDS must be positive");
    }
    if (!device.equals("cpu") && !device.equals("gpu")) {
      throw new IllegalArgumentException("SCALINGAR_DEVICE must be cpu or gpu, was '" + device + "'");
    }
  }

  public static WorkerConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static WorkerConfig from(Map<String, String> env) {
    Function<String, Function<String, String>> or = key -> def -> {
      String v = env.get(key);
      return v == null || v.isBlank() ? def : v.trim();
    };
    String bootstrapServers = or.apply("KAFKA_BOOTSTRAP_SERVERS").apply("127.0.0.1:19092");
    String device = or.apply("SCALINGAR_DEVICE").apply("cpu");
    return new WorkerConfig(
        bootstrapServers,
        or.apply("SCALINGAR_JOBS_TOPIC").apply(Topics.JOBS),
        or.apply("SCALINGAR_EVENTS_TOPIC").apply(Topics.EVENTS),
        or.apply("SCALINGAR_CONTROL_TOPIC").apply(Topics.CONTROL),
        or.apply("SCALINGAR_DLQ_TOPIC").apply(Topics.JOBS_DLQ),
        or.apply("SCALINGAR_CONSUMER_GROUP").apply("scalingar-workers"),
        or.apply("SCALINGAR_WORKER_ID").apply(hostName()),
        or.apply("S3_ENDPOINT").apply("http://127.0.0.1:19000"),
        or.apply("S3_ACCESS_KEY").apply("minioadmin"),
        or.apply("S3_SECRET_KEY").apply("minioadmin"),
        or.apply("S3_BUCKET").apply("scalingar"),
        Duration.ofHours(Long.parseLong(or.apply("S3_URL_EXPIRY_HOURS").apply("24"))),
        or.apply("SCALINGAR_MODEL").apply("shapes-v1"),
        or.apply("SCALINGAR_MODEL_WEIGHTS").apply(""),
        device,
        Integer.parseInt(or.apply("SCALINGAR_ROW_CAPACITY").apply("64")),
        Integer.parseInt(or.apply("SCALINGAR_PROGRESS_EVERY").apply("16")),
        Integer.parseInt(or.apply("SCALINGAR_HTTP_PORT").apply("18090")),
        Duration.ofSeconds(Long.parseLong(or.apply("SCALINGAR_DRAIN_SECONDS").apply("60"))),
        decodeGroups(or.apply("SCALINGAR_DECODE_GROUPS").apply("auto"), device),
        or.apply("SCALINGAR_CALIBRATION").apply("shipped"),
        KafkaConnection.fromEnvironment(bootstrapServers, env),
        Double.parseDouble(or.apply("SCALINGAR_PROGRESS_MAX_PER_SECOND").apply("2")),
        Duration.ofMillis((long) (1000 * Double.parseDouble(or.apply("SCALINGAR_HEARTBEAT_SECONDS").apply("5")))));
  }

  static DecodeGroups decodeGroups(String spec, String device) {
    if (spec.equals("auto")) {
      return device.equals("gpu") ? DecodeGroups.SINGLE_CALL : DecodeGroups.CPU;
    }
    try {
      return DecodeGroups.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SCALINGAR_DECODE_GROUPS: " + e.getMessage() + ", or auto");
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
