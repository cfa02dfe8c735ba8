package dev.scalingar.cli;

import dev.scalingar.cli.stack.JobClient;
import dev.scalingar.cli.stack.JobRunner;
import dev.scalingar.cli.stack.StackState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./scalingar generate PROMPT}: one job through the HTTP API, results downloaded. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Run one job through the gateway's HTTP API and download image.png, trace.json, confidence.png, job.json.")
final class GenerateCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The prompt, e.g. \"a red circle above a blue square\".")
  String prompt;

  @Option(
      names = "--n",
      defaultValue = "8",
      description = "Trajectories (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--strategy",
      defaultValue = "scalingar",
      description = "Strategy (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--seed", description = "Job seed (default: the gateway picks one).")
  Long seed;

  @Option(
      names = "--out",
      defaultValue = "out/generate",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--gateway", description = "Gateway URL (default: the running embedded stack's).")
  String gateway;

  @Option(names = "--api-key", description = "API key (default: the running embedded stack's).")
  String apiKey;

  @Option(names = "--dir", defaultValue = StackCommands.DEFAULT_DIR, hidden = true)
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (gateway == null || apiKey == null) {
      StackState s = StackState.read(dir);
      gateway = gateway == null ? s.gatewayUrl() : gateway;
      apiKey = apiKey == null ? s.apiKey() : apiKey;
    }
    JobRunner.Outcome o =
        JobRunner.run(
            new JobClient(gateway, apiKey), JobRunner.spec(prompt, n, strategy, seed), out);
    System.out.println(o.status() + " " + o.jobId() + " → " + o.dir());
    return o.status().equals("completed") ? 0 : 1;
  }
}
