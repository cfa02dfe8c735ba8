package dev.scalingar.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded stack's infrastructure as local processes: a Kafka broker and an S3 server, each in
 * its own JVM (the same {@link EmbeddedKafka}/{@link EmbeddedS3} code the tests run in-process),
 * logs and data under one directory: the broker's log under {@code dir/kafka}, objects under {@code
 * dir/s3}. Both are kept when the stack stops, so jobs, events and images survive a restart; {@link
 * #wipe} removes them on purpose. Closing it stops both with SIGTERM.
 */
public final class LocalStack implements AutoCloseable {

  /** Where the stack lives and which loopback ports it takes. */
  public record Options(Path dir, int kafkaPort, int s3Port, Duration startTimeout) {
    public static Options under(Path dir) {
      return new Options(dir, 19092, 19000, Duration.ofSeconds(90));
    }
  }

  /** A started server: its process and the address it printed. */
  public record Server(String name, Process process, String address, Path log) {}

  private final List<Server> servers;

  private LocalStack(List<Server> servers) {
    this.servers = List.copyOf(servers);
  }

  public static LocalStack start(Options options) {
    List<Server> started = new ArrayList<>();
    try {
      Files.createDirectories(options.dir().resolve("logs"));
      // Both JVMs boot at once; we then wait on each one's READY line.
      Process kafka =
          launch(
              options,
              "kafka",
              String.valueOf(options.kafkaPort()),
              kafkaDir(options.dir()).toAbsolutePath().toString());
      Process s3 =
          launch(
              options,
              "s3",
              String.valueOf(options.s3Port()),
              s3Dir(options.dir()).toAbsolutePath().toString());
      started.add(awaitReady("kafka", kafka, options));
      started.add(awaitReady("s3", s3, options));
      return new LocalStack(started);
    } catch (IOException e) {
      started.forEach(s -> s.process().destroy());
      throw new UncheckedIOException("cannot start the local stack under " + options.dir(), e);
    } catch (RuntimeException e) {
      started.forEach(s -> s.process().destroy());
      throw e;
    }
  }

  /** Where the broker keeps its log under a stack's folder. */
  public static Path kafkaDir(Path dir) {
    return dir.resolve("kafka");
  }

  /** Where the S3 server keeps its objects under a stack's folder. */
  public static Path s3Dir(Path dir) {
    return dir.resolve("s3");
  }

  /**
   * Deletes the broker's log and the stored objects under {@code dir} (the stack must be stopped):
   * the next start begins with empty topics and no images. Logs are kept. Returns what it removed.
   */
  public static List<Path> wipe(Path dir) {
    List<Path> removed = new ArrayList<>();
    for (Path data : List.of(kafkaDir(dir), s3Dir(dir))) {
      if (Files.exists(data)) {
        deleteTree(data);
        removed.add(data);
      }
    }
    return removed;
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** Leaves the servers running after this JVM exits ({@code ./scalingar up}); stop them by pid. */
  public List<Long> detach() {
    return servers.stream().map(s -> s.process().pid()).toList();
  }

  private static Process launch(Options options, String... args) throws IOException {
    Path log = options.dir().resolve("logs").resolve(args[0] + ".log");
    List<String> cmd = serverCommand(args[0], Integer.parseInt(args[1]), Path.of(args[2]));
    // Output goes to a file, not a pipe: the server outlives this JVM when the stack runs detached.
    Files.deleteIfExists(log);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * The command line of one server's JVM ({@code kafka} or {@code s3} on {@code port}, data in
   * {@code dataDir}); the stack keeps it to start that server again after it stopped (a restart by
   * {@code ./scalingar stack restart}, the supervisor, or the chaos runner). It prints {@link
   * InfraServerMain#READY} once it serves.
   */
  public static List<String> serverCommand(String name, int port, Path dataDir) {
    return List.of(
        javaBinary(),
        "-Xms128m",
        "-Xmx512m",
        "-XX:+UseSerialGC",
        "-Dlogback.configurationFile=dev/scalingar/infra/logback-server.xml",
        "-cp",
        System.getProperty("java.class.path"),
        InfraServerMain.class.getName(),
        name,
        Integer.toString(port),
        dataDir.toAbsolutePath().toString());
  }

  private static Server awaitReady(String name, Process process, Options options) {
    Path log = options.dir().resolve("logs").resolve(name + ".log");
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.exists(log)) {
          for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(InfraServerMain.READY)) {
              String[] nameAndAddress =
                  line.substring(InfraServerMain.READY.length()).split(" ", 2);
              return new Server(nameAndAddress[0], process, nameAndAddress[1], log);
            }
          }
        }
        if (!process.isAlive()) {
          throw new IllegalStateException(
              name + " exited before it was ready (exit " + process.exitValue() + "); see " + log);
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        name + " did not start within " + options.startTimeout().toSeconds() + " s; see " + log);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public String kafkaBootstrap() {
    return server("kafka").address();
  }

  public String s3Endpoint() {
    return server("s3").address();
  }

  public List<Server> servers() {
    return servers;
  }

  private Server server(String name) {
    return servers.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** SIGTERM to each server, then waits for them to exit (forcibly after 20 s). */
  @Override
  public void close() {
    servers.forEach(s -> s.process().destroy());
    for (Server s : servers) {
      try {
        if (!s.process().waitFor(20, TimeUnit.SECONDS)) {
          s.process().destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        s.process().destroyForcibly();
      }
    }
  }
}
