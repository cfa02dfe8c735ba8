package dev.scalingar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point behind {@code ./scalingar}. Each subcommand is its own class. */
@Command(
    name = "scalingar",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "ScalingAR fleet: test-time-scaling image generation on Kafka and S3.",
    subcommands = {DemoCommand.class, StackCommands.Up.class, StackCommands.Down.class, StackCommands.Status.class,
        GenerateCommand.class, ShapesCommand.class, TrainCommand.class, ModelBenchCommand.class, ModelEvalCommand.class})
public final class Main {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    // The MinIO SDK's OkHttp threads keep a JVM alive ~60 s after main returns (infra.md §2.1).
    System.exit(code);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"scalingar " + (v == null ? "dev" : v)};
    }
  }
}
