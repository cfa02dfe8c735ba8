package dev.scalingar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point behind {@code ./scalingar}. Each subcommand is its own class. */
@Command(
    name = "scalingar",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "ScalingAR fleet: test-time-scaling image generation on Kafka and S3.",
    subcommands = {
      DemoCommand.class,
      StackCommands.Up.class,
      StackCommands.Down.class,
      StackCommands.Status.class,
      StackCommands.Group.class,
      dev.scalingar.cli.chaos.ChaosCommand.class,
      GenerateCommand.class,
      ShapesCommand.class,
      TrainCommand.class,
      ModelBenchCommand.class,
      ModelEvalCommand.class,
      BenchCommand.class,
      BenchTuneCommand.class,
      BenchFleetCommand.class,
      SimulateFleetCommand.class,
      BenchSignalsCommand.class,
      CalibrateCommand.class,
      ConvertCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // The MinIO SDK's OkHttp threads keep a JVM alive ~60 s after main returns.
    System.exit(code);
  }

  /** The configured command line: what {@code main} runs, and what tests run in process. */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::readable);
  }

  /**
   * Bad input and unavailable things (a missing file, a stack that is not running, a refused
   * prompt) end in one readable line and exit code 1; only a bug shows a stack trace ({@code
   * SCALINGAR_DEBUG=1} shows it always).
   */
  private static int readable(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    boolean expected =
        e instanceof IllegalArgumentException
            || e instanceof IllegalStateException
            || e instanceof java.io.IOException
            || e instanceof java.io.UncheckedIOException;
    if (!expected || System.getenv("SCALINGAR_DEBUG") != null) {
      throw e;
    }
    cmd.getErr().println("scalingar " + cmd.getCommandName() + ": " + e.getMessage());
    return 1;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"scalingar " + (v == null ? "dev" : v)};
    }
  }
}
