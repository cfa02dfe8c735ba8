package dev.scalingar.cli;

import dev.scalingar.cli.stack.Stack;
import dev.scalingar.cli.stack.StackControl;
import dev.scalingar.cli.stack.StackState;
import dev.scalingar.cli.stack.Supervision;
import dev.scalingar.cli.stack.Supervisor;
import dev.scalingar.infra.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./scalingar up | down | status}: the embedded stack in the background. */
final class StackCommands {

  static final String DEFAULT_DIR = ".scalingar/stack";

  private StackCommands() {}

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Start Kafka, the S3 server, the gateway and a worker in the background (data and logs under --dir;"
              + " jobs, events and images from earlier runs are kept).")
  static final class Up implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = DEFAULT_DIR)
    Path dir;

    @Option(
        names = "--wipe",
        description =
            "Start empty: delete the broker's data and the stored objects of earlier runs first.")
    boolean wipe;

    @Option(
        names = "--no-supervisor",
        description =
            "Do not restart a component that dies (by default a supervisor process does, with backoff).")
    boolean noSupervisor;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(StackState.file(dir)) && StackState.read(dir).alive().containsValue(true)) {
        System.err.println(
            "a stack is already running under "
                + dir
                + "; ./scalingar status, or ./scalingar down first");
        return 1;
      }
      Console console = new Console();
      if (wipe) {
        LocalStack.wipe(dir).forEach(p -> console.done("removed " + p));
      }
      StackState state = Stack.start(dir, Stack.Ports.defaults(), console::step);
      Files.deleteIfExists(Supervision.file(dir));
      if (!noSupervisor) {
        StackControl.replacePid(dir, Supervisor.NAME, Supervisor.spawn(dir));
        state = StackState.read(dir);
      }
      console.done("stack up: gateway " + state.gatewayUrl() + ", logs under " + state.logs());
      System.out.println(
          StackState.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
      return 0;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description =
          "Stop the background stack (the worker drains first); its data stays for the next up unless --wipe.")
  static final class Down implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = DEFAULT_DIR)
    Path dir;

    @Option(
        names = "--wipe",
        description = "Also delete the broker's data (topics, job history) and the stored objects.")
    boolean wipe;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(StackState.file(dir))) {
        Stack.stop(StackState.read(dir).pids());
        Files.delete(StackState.file(dir));
        System.err.println("stopped");
      } else {
        System.err.println("no stack running under " + dir);
      }
      if (wipe) {
        LocalStack.wipe(dir).forEach(p -> System.err.println("removed " + p));
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Where the background stack is and whether it runs.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = DEFAULT_DIR)
    Path dir;

    @Option(
        names = "--json",
        description =
            "gateway_url, api_key, webhook_secret, kafka_bootstrap, s3_endpoint, bucket, s3_access_key, s3_secret_key")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(StackState.file(dir))) {
        System.err.println("no stack is running under " + dir + " (./scalingar up)");
        return 1;
      }
      StackState s = StackState.read(dir);
      if (json) {
        System.out.println(StackState.JSON.writeValueAsString(s));
      } else {
        System.out.println(
            "gateway "
                + s.gatewayUrl()
                + "  kafka "
                + s.kafkaBootstrap()
                + "  s3 "
                + s.s3Endpoint()
                + "/"
                + s.bucket());
        Map<String, Supervision> supervised = Supervision.read(dir);
        s.alive()
            .forEach(
                (name, up) -> {
                  Supervision r = supervised.get(name);
                  System.out.printf(
                      "  %-10s %s (pid %d)%s%n",
                      name,
                      up ? "running" : "STOPPED",
                      s.pids().get(name),
                      r == null
                          ? ""
                          : ", restarted "
                              + r.restarts()
                              + "x by the supervisor, last at "
                              + r.lastRestart()
                              + " (next backoff "
                              + r.backoffSeconds()
                              + " s)");
                });
      }
      return s.alive().containsValue(false) ? 2 : 0;
    }
  }

  @Command(
      name = "stack",
      mixinStandardHelpOptions = true,
      description = "One component of the running stack.",
      subcommands = {Restart.class})
  static final class Group {}

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description =
          "Stop one component (SIGTERM: the worker drains; --kill: SIGKILL) and start it again with the settings it had; waits until it is ready.")
  static final class Restart implements Callable<Integer> {
    @Parameters(description = "kafka, s3, gateway or worker")
    String component;

    @Option(names = "--kill", description = "SIGKILL instead of SIGTERM (a crash).")
    boolean kill;

    @Option(names = "--dir", defaultValue = DEFAULT_DIR)
    Path dir;

    @Override
    public Integer call() throws Exception {
      long pid =
          StackControl.restart(
              dir, component, kill ? StackControl.Stop.KILL : StackControl.Stop.TERM);
      System.err.println(component + " restarted (pid " + pid + ")");
      return 0;
    }
  }
}
