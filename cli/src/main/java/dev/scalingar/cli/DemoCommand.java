package dev.scalingar.cli;

import dev.scalingar.cli.stack.JobClient;
import dev.scalingar.cli.stack.JobRunner;
import dev.scalingar.cli.stack.Stack;
import dev.scalingar.cli.stack.StackState;
import dev.scalingar.infra.LocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar demo}: the README's main command. Starts the whole stack as local processes
 * (Kafka, S3 server, gateway, worker), submits a few prompts over HTTP as a client would, follows
 * each with a progress bar fed by Server-Sent Events, downloads its results under {@code --out},
 * prints each job's web page, and stops what it started ({@code --keep}: stays up until Ctrl-C).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start the embedded stack, run a few prompts end to end through the HTTP API, stop what was started.")
public final class DemoCommand implements Callable<Integer> {

  static final List<String> PROMPTS =
      List.of(
          "a red circle above a blue square",
          "three squares",
          "a green square and a yellow triangle");

  @Option(
      names = "--out",
      defaultValue = "out/demo",
      description = "Where results go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--dir",
      defaultValue = ".scalingar/demo",
      description = "Stack data and logs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--n", defaultValue = "8")
  int n;

  @Option(names = "--strategy", defaultValue = "scalingar")
  String strategy;

  @Option(
      names = "--keep",
      description =
          "Keep the stack up afterwards, so a person can look around the web view; Ctrl-C stops it.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    Console console = new Console();
    long t0 = System.nanoTime();
    // The demo is a fresh stack every time (its own folder, not up's): last run's topics and
    // objects go first.
    LocalStack.wipe(dir);
    StackState state = Stack.start(dir, Stack.Ports.defaults(), console::step);
    console.done(
        String.format(
            "stack up in %.1f s: gateway %s (logs under %s)",
            (System.nanoTime() - t0) / 1e9, state.gatewayUrl(), state.logs()));
    // Ctrl-C or SIGTERM must not leave four processes behind.
    Thread cleanup = new Thread(() -> Stack.stop(state.pids()), "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    int failures = 0;
    try {
      JobClient client = new JobClient(state.gatewayUrl(), state.apiKey());
      for (int i = 0; i < PROMPTS.size(); i++) {
        Path jobOut = out.resolve("job-" + (i + 1));
        JobRunner.Outcome o =
            JobRunner.run(client, JobRunner.spec(PROMPTS.get(i), n, strategy, 1000L + i), jobOut);
        if (i == 0) {
          console.done(String.format("first image after %.1f s", (System.nanoTime() - t0) / 1e9));
        }
        console.done(
            o.status()
                + " \""
                + PROMPTS.get(i)
                + "\" → "
                + o.dir().resolve("image.png")
                + "  page: "
                + state.gatewayUrl()
                + "/ui/jobs/"
                + o.jobId());
        failures += o.status().equals("completed") ? 0 : 1;
      }
      if (keep) {
        // The key is shown so a person can paste it into the page; it never goes into a URL.
        console.done(
            "stack kept up: open "
                + state.gatewayUrl()
                + "/ui with API key "
                + state.apiKey()
                + " (Ctrl-C stops it)");
        Thread.currentThread().join(); // until Ctrl-C: the shutdown hook stops the stack
      }
    } finally {
      console.step("stopping the stack");
      Stack.stop(state.pids());
      Runtime.getRuntime().removeShutdownHook(cleanup);
      console.done("stopped");
    }
    return failures == 0 ? 0 : 1;
  }
}
