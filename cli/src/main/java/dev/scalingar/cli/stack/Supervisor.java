package dev.scalingar.cli.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The supervisor {@code ./scalingar up} leaves running beside the stack (its own process, pid
 * {@code supervisor} in {@code stack.json}): every second it looks whether each component is alive
 * and starts a dead one again from its {@link Launch}, as Kubernetes restarts a crashed container.
 * The delay before a restart doubles with each death in a row ({@link #backoff}: 1 s up to 30 s),
 * and falls back to 1 s once the component has stayed up a minute, so a component that dies at once
 * every time does not spin the machine. What it did is in {@link Supervision}'s file, which {@code
 * ./scalingar status} shows. SIGTERM ({@code ./scalingar down}, which stops it first) ends it and
 * leaves the components as they are.
 */
public final class Supervisor {

  /** Pid name of the supervisor itself in {@code stack.json}. */
  public static final String NAME = "supervisor";

  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Up this long after a restart, a component's next death counts as the first in a row. */
  static final Duration STABLE = Duration.ofSeconds(60);

  private Supervisor() {}

  /** The delay before restarting a component that died {@code deathsInARow} times (1, 2, …). */
  public static Duration backoff(int deathsInARow) {
    long seconds = FIRST_BACKOFF.toSeconds() << Math.min(Math.max(deathsInARow - 1, 0), 10);
    return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
  }

  /** Starts the supervisor of the stack under {@code dir} as its own process; returns its pid. */
  public static long spawn(Path dir) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Supervisor.class.getName(),
                dir.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs").resolve("supervisor.log").toFile());
    return pb.start().pid();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Map<String, Integer> deathsInARow = new HashMap<>();
    Map<String, Instant> restartedAt = new HashMap<>();
    Map<String, Supervision> record = new LinkedHashMap<>(Supervision.read(dir));
    while (true) {
      Thread.sleep(POLL.toMillis());
      for (String name : List.copyOf(StackState.read(dir).pids().keySet())) {
        if (!StackControl.COMPONENTS.contains(name)) {
          continue;
        }
        // Under the lock, so a ./scalingar stack restart in progress is waited for, not raced.
        try (StackControl.Held lock = StackControl.lock(dir)) {
          Long pid = StackState.read(dir).pids().get(name);
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
          Instant last = restartedAt.get(name);
          if (last != null && Duration.between(last, Instant.now()).compareTo(STABLE) > 0) {
            deathsInARow.put(name, 0);
          }
          int deaths = deathsInARow.merge(name, 1, Integer::sum);
          Duration delay = backoff(deaths);
          log(
              name
                  + " (pid "
                  + pid
                  + ") is not running; restarting in "
                  + delay.toSeconds()
                  + " s");
          Thread.sleep(delay.toMillis());
          try {
            long fresh = StackControl.startLocked(dir, name);
            log(name + " restarted as pid " + fresh);
          } catch (IllegalStateException e) {
            log(name + " did not come back: " + e.getMessage()); // tried again next round
          }
          restartedAt.put(name, Instant.now());
          Supervision before = record.getOrDefault(name, new Supervision(0, null, 0));
          record.put(
              name,
              new Supervision(
                  before.restarts() + 1,
                  Instant.now().toString(),
                  backoff(deaths + 1).toSeconds()));
          Supervision.write(dir, record);
        }
      }
    }
  }

  private static void log(String line) {
    System.out.println(Instant.now() + " " + line);
    System.out.flush();
  }
}
