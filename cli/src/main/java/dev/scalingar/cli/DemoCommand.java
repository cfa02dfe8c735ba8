package dev.scalingar.cli;

import dev.scalingar.infra.EmbeddedKafka;
import dev.scalingar.infra.LocalStack;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar demo}: the README's main command. Until the worker and gateway exist it runs
 * the embedded infrastructure smoke test end to end: a real broker and S3 server as local
 * processes, a job request as a CloudEvent through Kafka, a PNG through S3 and a presigned URL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the embedded stack, run the smoke test end to end, stop what was started.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--out", defaultValue = "out/demo", description = "Where results go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--stack-dir", defaultValue = ".scalingar/demo", description = "Stack data and logs (default: ${DEFAULT-VALUE}).")
  Path stackDir;

  @Option(names = "--kafka-port", defaultValue = "19092") int kafkaPort;

  @Option(names = "--s3-port", defaultValue = "19000") int s3Port;

  @Override
  public Integer call() throws Exception {
    Console console = new Console();
    console.step("starting the embedded stack (Kafka KRaft broker, S3 server) under " + stackDir);
    long t0 = System.nanoTime();
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(stackDir, kafkaPort, s3Port, java.time.Duration.ofSeconds(90)))) {
      double started = (System.nanoTime() - t0) / 1e9;
      console.done(String.format("stack up in %.1f s: kafka %s, s3 %s", started, stack.kafkaBootstrap(), stack.s3Endpoint()));
      SmokeTest.Result result = new SmokeTest(stack.kafkaBootstrap(), stack.s3Endpoint(), out, console).run();
      result.write(out.resolve("smoke.json"), started);
      console.done("results under " + out);
      console.step("stopping the stack");
    }
    console.done("stopped");
    return 0;
  }

  static void ensureTopics(String bootstrap) {
    EmbeddedKafka.createTopics(bootstrap, StackTopics.all());
  }
}
