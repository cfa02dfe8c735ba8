package dev.scalingar.cli.stack;

import dev.scalingar.infra.InfraServerMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts one component of a running stack ({@code kafka}, {@code s3}, {@code gateway},
 * {@code worker}) from its {@link Launch}, and records its new pid in {@code stack.json}. Every
 * change of {@code stack.json} happens under {@code stack.lock} (a file lock, so the supervisor
 * process and a {@code ./scalingar stack restart} never both start the same component).
 */
public final class StackControl {

  /** The components one can stop and start, in start order. */
  public static final List<String> COMPONENTS = List.of("kafka", "s3", "gateway", "worker");

  /** How a component is stopped. */
  public enum Stop {
    /** SIGTERM: the worker drains, the broker and S3 close cleanly. */
    TERM,
    /** SIGKILL: nothing runs on the way out (a crash, the OOM killer, a lost node). */
    KILL
  }

  /** Generous: the worker loads its model before it is ready; the broker replays its log. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /** SIGTERM waits this long (the worker's drain is 60 s by default) before SIGKILL. */
  static final Duration TERM_TIMEOUT = Duration.ofSeconds(90);

  private StackControl() {}

  /** Stops {@code name}, starts it again and waits until it is ready; returns the new pid. */
  public static long restart(Path dir, String name, Stop how)
      throws IOException, InterruptedException {
    try (Held lock = lock(dir)) {
      stopLocked(dir, name, how);
      return startLocked(dir, name);
    }
  }

  /** Stops {@code name} and leaves it stopped (its pid stays in stack.json, no longer alive). */
  public static void stop(Path dir, String name, Stop how)
      throws IOException, InterruptedException {
    try (Held lock = lock(dir)) {
      stopLocked(dir, name, how);
    }
  }

  /** Starts {@code name} from its launch, waits until it is ready; returns the new pid. */
  public static long start(Path dir, String name) throws IOException, InterruptedException {
    try (Held lock = lock(dir)) {
      return startLocked(dir, name);
    }
  }

  /**
   * Takes the stack's lock, blocking until no other process holds it. Only one holder per JVM: the
   * supervisor runs in its own process.
   */
  static Held lock(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve("stack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel.lock();
    return new Held(channel);
  }

  /** The stack's lock, held until closed (closing the channel releases it). */
  record Held(FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  static void stopLocked(Path dir, String name, Stop how) throws InterruptedException {
    check(name);
    StackState state;
    try {
      state = StackState.read(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + StackState.file(dir), e);
    }
    Long pid = state.pids().get(name);
    if (pid == null) {
      return;
    }
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return;
    }
    ProcessHandle p = handle.get();
    if (how == Stop.KILL) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    try {
      p.onExit().get(TERM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      p.onExit().join();
    }
  }

  static long startLocked(Path dir, String name) throws IOException, InterruptedException {
    check(name);
    Launch launch = Launch.read(dir).get(name);
    Process process = launch.start();
    replacePid(dir, name, process.pid());
    awaitReady(name, launch, process.pid(), READY_TIMEOUT);
    return process.pid();
  }

  /**
   * Records {@code pid} as component {@code name}'s in stack.json (take the lock first where others
   * write).
   */
  public static void replacePid(Path dir, String name, long pid) throws IOException {
    StackState s = StackState.read(dir);
    Map<String, Long> pids = new LinkedHashMap<>(s.pids());
    pids.put(name, pid);
    new StackState(
            s.gatewayUrl(),
            s.apiKey(),
            s.webhookSecret(),
            s.kafkaBootstrap(),
            s.s3Endpoint(),
            s.bucket(),
            s.s3AccessKey(),
            s.s3SecretKey(),
            pids,
            s.logs())
        .write(dir);
  }

  private static void check(String name) {
    if (!COMPONENTS.contains(name)) {
      throw new IllegalArgumentException(
          "no component '" + name + "': one of " + String.join(", ", COMPONENTS));
    }
  }

  /**
   * Waits until the process answers its readiness check; fails as soon as it exits, or after {@code
   * timeout}, naming its log.
   */
  public static void awaitReady(String name, Launch launch, long pid, Duration timeout)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
        throw new IllegalStateException(name + " exited during start; see " + launch.log());
      }
      if (ready(launch, http)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        name + " not ready within " + timeout.toSeconds() + " s; see " + launch.log());
  }

  private static boolean ready(Launch launch, HttpClient http) throws InterruptedException {
    try {
      if (launch.ready().equals(Launch.READY_LINE)) {
        Path log = Path.of(launch.log());
        return Files.exists(log)
            && Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .anyMatch(l -> l.startsWith(InfraServerMain.READY));
      }
      return http.send(
                  HttpRequest.newBuilder(URI.create(launch.ready()))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false; // not listening yet, or a log line half written
    }
  }
}
