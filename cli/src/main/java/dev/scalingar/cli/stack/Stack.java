package dev.scalingar.cli.stack;

import dev.scalingar.infra.EmbeddedKafka;
import dev.scalingar.infra.EmbeddedS3;
import dev.scalingar.infra.LocalStack;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole embedded stack as local processes on loopback: a Kafka broker and an S3 server ({@link
 * LocalStack}), the four topics, the gateway (its Quarkus jar) and one worker (this CLI's class
 * path), each with its own log under {@code dir/logs}. Ready means every health check answers UP.
 * The broker's data and the objects stay under {@code dir} from one start to the next ({@link
 * LocalStack#wipe} clears them); the topics are ensured at every start, so a folder from before
 * they existed, or a wiped one, works the same.
 */
public final class Stack {

  /** Loopback ports of the stack (defaults: 19092, 19000, 18080, 18090). */
  public record Ports(int kafka, int s3, int gateway, int workerOps) {
    public static Ports defaults() {
      return new Ports(19092, 19000, 18080, 18090);
    }
  }

  public static final String TENANT = "local";

  /**
   * The stack's topics with their partition counts for a stack serving {@code models} (a jobs topic
   * each, and the shared ones); created when missing at every start.
   */
  public static List<NewTopic> topics(List<String> models) {
    List<NewTopic> topics = new ArrayList<>();
    models.forEach(m -> topics.add(new NewTopic(Topics.jobs(m), 6, (short) 1)));
    topics.add(new NewTopic(Topics.EVENTS, 6, (short) 1));
    topics.add(new NewTopic(Topics.CONTROL, 1, (short) 1));
    topics.add(new NewTopic(Topics.JOBS_DLQ, 1, (short) 1));
    return List.copyOf(topics);
  }

  /**
   * Dev only: the local stack's gateway may deliver webhooks to receivers on this machine's
   * loopback (a developer's test receiver), which the SSRF guard refuses by default. The gateway's
   * shipped configuration and the Kubernetes overlays set no such allowance.
   */
  public static final String DEV_WEBHOOK_TARGETS = "127.0.0.0/8,::1/128";

  private static final Path GATEWAY_JAR =
      Path.of("api-gateway", "target", "quarkus-app", "quarkus-run.jar");

  private Stack() {}

  /** Starts everything and writes {@code stack.json}; the processes outlive this JVM. */
  public static StackState start(Path dir, Ports ports, Consumer<String> progress)
      throws IOException, InterruptedException {
    return start(dir, ports, GATEWAY_JAR, Map.of(), progress);
  }

  /**
   * As {@link #start(Path, Ports, Consumer)}, with the gateway's {@code quarkus-run.jar} given
   * rather than found under the working directory (the cli module's tests run in {@code cli/}).
   */
  public static StackState start(Path dir, Ports ports, Path gatewayJar, Consumer<String> progress)
      throws IOException, InterruptedException {
    return start(dir, ports, gatewayJar, Map.of(), progress);
  }

  /**
   * As {@link #start(Path, Ports, Path, Consumer)}, with {@code workerEnv} set on the worker on top
   * of everything else (the chaos runner's test hook). Each process's {@link Launch} is written to
   * {@code launch.json}, so {@link StackControl} can start one of them again on its own.
   */
  public static StackState start(
      Path dir,
      Ports ports,
      Path gatewayJar,
      Map<String, String> workerEnv,
      Consumer<String> progress)
      throws IOException, InterruptedException {
    if (!Files.exists(gatewayJar)) {
      throw new IllegalStateException(
          "the gateway is not built ("
              + gatewayJar
              + " missing): run ./mvnw -B install -DskipTests");
    }
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    progress.accept("starting Kafka (KRaft) and the S3 server");
    LocalStack infra =
        LocalStack.start(
            new LocalStack.Options(dir, ports.kafka(), ports.s3(), Duration.ofSeconds(120)));
    Map<String, Long> pids = new LinkedHashMap<>();
    List<Long> infraPids = infra.detach();
    pids.put("kafka", infraPids.get(0));
    pids.put("s3", infraPids.get(1));
    Map<String, Launch> launches = new LinkedHashMap<>();
    launches.put(
        "kafka",
        new Launch(
            LocalStack.serverCommand("kafka", ports.kafka(), LocalStack.kafkaDir(dir)),
            Map.of(),
            logs.resolve("kafka.log").toString(),
            Launch.READY_LINE));
    launches.put(
        "s3",
        new Launch(
            LocalStack.serverCommand("s3", ports.s3(), LocalStack.s3Dir(dir)),
            Map.of(),
            logs.resolve("s3.log").toString(),
            Launch.READY_LINE));
    try {
      // The stack serves every model this build ships (or SCALINGAR_MODEL, of workerEnv first),
      // and the gateway accepts exactly those.
      String served =
          Optional.ofNullable(workerEnv.get("SCALINGAR_MODEL"))
              .or(() -> Optional.ofNullable(System.getenv("SCALINGAR_MODEL")))
              .filter(m -> !m.isBlank())
              .orElse(
                  String.join(
                      ",", ShapesModels.NAMES.stream().filter(ShapesModels::isShipped).toList()));
      EmbeddedKafka.createTopics(
          infra.kafkaBootstrap(),
          topics(java.util.Arrays.stream(served.split(",")).map(String::trim).toList()));
      String apiKey = "sk_local_" + token(18);
      String signingKey = token(32);
      progress.accept("starting the gateway and a worker serving " + served);
      List<String> gatewayCommand = new ArrayList<>(List.of(java(), "-Xmx384m"));
      gatewaySettings(ports, infra.kafkaBootstrap(), sha256(apiKey), signingKey, served)
          .forEach((k, v) -> gatewayCommand.add("-D" + k + "=" + v));
      gatewayCommand.addAll(List.of("-jar", gatewayJar.toString()));
      String gatewayUrl = "http://127.0.0.1:" + ports.gateway();
      launches.put(
          "gateway",
          new Launch(
              gatewayCommand,
              Map.of(),
              logs.resolve("gateway.log").toString(),
              gatewayUrl + "/q/health/ready"));
      // The caller's SCALINGAR_* settings (e.g. SCALINGAR_MODEL_WEIGHTS, SCALINGAR_ROW_CAPACITY)
      // reach the worker.
      Map<String, String> env = new LinkedHashMap<>();
      System.getenv()
          .forEach(
              (k, v) -> {
                if (k.startsWith("SCALINGAR_")) {
                  env.put(k, v);
                }
              });
      env.putAll(
          Map.of(
              "KAFKA_BOOTSTRAP_SERVERS",
              infra.kafkaBootstrap(),
              "S3_ENDPOINT",
              infra.s3Endpoint(),
              "SCALINGAR_HTTP_PORT",
              Integer.toString(ports.workerOps()),
              "SCALINGAR_WORKER_ID",
              "local-worker-0",
              "SCALINGAR_MODEL",
              served));
      env.putAll(workerEnv);
      launches.put(
          "worker",
          new Launch(
              List.of(
                  java(),
                  "-Xmx2g",
                  "-Dai.djl.offline=true",
                  // PyTorch's OpenMP threads spin at barriers: with one per core they collapse
                  // (≈8× slower, worker/model/README.md) as soon as Kafka, S3 or the gateway takes
                  // a
                  // core. The stack leaves them one.
                  "-Dai.djl.pytorch.num_threads=" + workerIntraOpThreads(),
                  "-Dai.djl.pytorch.num_interop_threads=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.scalingar.worker.WorkerMain"),
              env,
              logs.resolve("worker.log").toString(),
              "http://127.0.0.1:" + ports.workerOps() + "/health/ready"));
      Launch.write(dir, launches);
      pids.put("gateway", launches.get("gateway").start().pid());
      pids.put("worker", launches.get("worker").start().pid());
      StackControl.awaitReady(
          "gateway", launches.get("gateway"), pids.get("gateway"), Duration.ofSeconds(120));
      StackControl.awaitReady(
          "worker", launches.get("worker"), pids.get("worker"), Duration.ofSeconds(180));
      String secret = webhookSecret(gatewayUrl, apiKey);
      StackState state =
          new StackState(
              gatewayUrl,
              apiKey,
              secret,
              infra.kafkaBootstrap(),
              infra.s3Endpoint(),
              "scalingar",
              EmbeddedS3.DEFAULT_ACCESS_KEY,
              EmbeddedS3.DEFAULT_SECRET_KEY,
              pids,
              logs.toString());
      state.write(dir);
      return state;
    } catch (IOException | RuntimeException | InterruptedException e) {
      stop(pids);
      throw e;
    }
  }

  /** The gateway's settings in the local stack (system properties of its JVM). */
  static Map<String, String> gatewaySettings(
      Ports ports, String kafkaBootstrap, String apiKeySha256, String signingKey, String models) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("quarkus.http.port", Integer.toString(ports.gateway()));
    settings.put("gateway.kafka.bootstrap-servers", kafkaBootstrap);
    settings.put("gateway.tenants." + TENANT + ".api-key-sha256", apiKeySha256);
    settings.put("gateway.webhooks.signing-key", signingKey);
    settings.put("gateway.request.models", models);
    settings.put("gateway.webhooks.allow-private-targets", DEV_WEBHOOK_TARGETS);
    return settings;
  }

  /** One core fewer than the machine has, at least one: the rest of the stack runs beside it. */
  static int workerIntraOpThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /** SIGTERM to every process, newest first (worker drains, gateway, S3, Kafka), and waits. */
  public static void stop(Map<String, Long> pids) {
    List<String> names = new ArrayList<>(pids.keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      ProcessHandle.of(pids.get(name))
          .ifPresent(
              p -> {
                p.destroy();
                try {
                  p.onExit().get(90, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  p.destroyForcibly();
                }
              });
    }
  }

  private static String webhookSecret(String gatewayUrl, String apiKey)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/webhooks/secret"))
                    .header("Authorization", "Bearer " + apiKey)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return StackState.JSON.readTree(r.body()).path("secret").asText();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String token(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
