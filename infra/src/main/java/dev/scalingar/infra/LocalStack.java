package dev.scalingar.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded stack's infrastructure as local processes: a Kafka broker and an S3 server, each
 * in its own JVM (the same {@link EmbeddedKafka}/{@link EmbeddedS3} code the tests run in-process),
 * logs and data under one directory. Closing it stops both with SIGTERM.
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
      List<Process> processes = List.of(
          launch(options, "kafka", String.valueOf(options.kafkaPort())),
          launch(options, "s3", String.valueOf(options.s3Port()),
              options.dir().resolve("s3").toAbsolutePath().toString()));
      for (Process p : processes) {
        started.add(awaitReady(p, options));
      }
      return new LocalStack(started);
    } catch (IOException e) {
      started.forEach(s -> s.process().destroy());
      throw new UncheckedIOException("cannot start the local stack under " + options.dir(), e);
    } catch (RuntimeException e) {
      started.forEach(s -> s.process().destroy());
      throw e;
    }
  }

  private static Process launch(Options options, String... args) throws IOException {
    Path log = options.dir().resolve("logs").resolve(args[0] + ".log");
    List<String> cmd = new ArrayList<>(List.of(
        javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
        "-Dlogback.configurationFile=dev/scalingar/infra/logback-server.xml",
        "-cp", System.getProperty("java.class.path"),
        InfraServerMain.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectError(log.toFile())
        .start();
  }

  private static Server awaitReady(Process process, Options options) {
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith(InfraServerMain.READY)) {
            drainInBackground(out);
            return line.substring(InfraServerMain.READY.length());
          }
        }
        throw new IllegalStateException("server exited before it was ready (exit " + process.waitFor() + ")");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    try {
      String[] nameAndAddress = ready.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS).split(" ", 2);
      Path log = options.dir().resolve("logs").resolve(nameAndAddress[0] + ".log");
      return new Server(nameAndAddress[0], process, nameAndAddress[1], log);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("a server did not start within " + options.startTimeout().toSeconds()
          + " s; see the logs under " + options.dir().resolve("logs"), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a server failed to start: " + e.getCause().getMessage()
          + "; see the logs under " + options.dir().resolve("logs"), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // The child writes little to stdout after READY, but a full pipe would block it: keep reading.
  private static void drainInBackground(BufferedReader out) {
    Thread t = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discard
        }
      } catch (IOException ignored) {
        // the child has exited
      }
    }, "local-stack-drain");
    t.setDaemon(true);
    t.start();
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
