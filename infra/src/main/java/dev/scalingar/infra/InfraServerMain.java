package dev.scalingar.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one embedded server in its own JVM until SIGTERM: {@code kafka PORT DIR} or {@code s3 PORT
 * DIR}, each keeping its data in {@code DIR} across restarts. Prints {@value #READY} and the
 * address on stdout once it serves, which is what {@link LocalStack} waits for. Internal entry
 * point of the embedded stack.
 */
public final class InfraServerMain {

  /** The line prefix a server prints once it serves (then its name and address). */
  public static final String READY = "READY ";

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2) {
      System.err.println("usage: InfraServerMain kafka PORT DIR | s3 PORT DIR");
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    AutoCloseable server;
    String address;
    switch (args[0]) {
      case "kafka" -> {
        if (args.length < 3) {
          System.err.println("usage: InfraServerMain kafka PORT DIR");
          System.exit(2);
        }
        EmbeddedKafka kafka = EmbeddedKafka.startPersistent(port, Path.of(args[2]));
        server = kafka;
        address = kafka.bootstrapServers();
      }
      case "s3" -> {
        if (args.length < 3) {
          System.err.println("usage: InfraServerMain s3 PORT DIR");
          System.exit(2);
        }
        EmbeddedS3 s3 = EmbeddedS3.onDisk(Path.of(args[2]), port);
        server = s3;
        address = s3.endpoint();
      }
      default -> {
        System.err.println("unknown server '" + args[0] + "': expected kafka or s3");
        System.exit(2);
        return;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    System.err.println("error while stopping " + args[0] + ": " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "infra-shutdown"));
    System.out.println(READY + args[0] + " " + address);
    System.out.flush();
    stopped.await();
  }

  private InfraServerMain() {}
}
