package dev.scalingar.cli.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one process of the stack is started, kept in {@code launch.json} beside {@code stack.json} so
 * that it can be started again on its own (by {@code ./scalingar stack restart}, the supervisor of
 * {@code ./scalingar up}, or {@code ./scalingar chaos}) with exactly the settings it first had. The
 * file holds the gateway's signing key and the API key's hash in the command line: it lives in the
 * git-ignored stack folder, as {@code stack.json} (which holds the API key itself) does.
 *
 * @param command the full command line
 * @param environment variables set on top of the starter's environment
 * @param log the file its stdout and stderr go to (the previous one is kept as {@code .prev})
 * @param ready how to tell it serves: an {@code http://} health URL answering 200, or {@value
 *     #READY_LINE} (a line of its log starting with {@code READY}, printed by the infra servers)
 */
public record Launch(
    @JsonProperty("command") List<String> command,
    @JsonProperty("environment") Map<String, String> environment,
    @JsonProperty("log") String log,
    @JsonProperty("ready") String ready) {

  public static final String READY_LINE = "log:READY";

  public Launch {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  public static Path file(Path dir) {
    return dir.resolve("launch.json");
  }

  /** Writes every component's launch, in start order (kafka, s3, gateway, worker). */
  public static void write(Path dir, Map<String, Launch> launches) throws IOException {
    StackState.JSON.writerWithDefaultPrettyPrinter().writeValue(file(dir).toFile(), launches);
  }

  public static Map<String, Launch> read(Path dir) throws IOException {
    if (!Files.exists(file(dir))) {
      throw new IllegalStateException(
          "no "
              + file(dir)
              + ": this stack was started by an older ./scalingar; ./scalingar down, then up");
    }
    return StackState.JSON.readValue(
        file(dir).toFile(), new TypeReference<LinkedHashMap<String, Launch>>() {});
  }

  /** Starts the process; it outlives this JVM (output to its log file, not a pipe). */
  public Process start() throws IOException {
    Path logFile = Path.of(log);
    if (Files.exists(logFile)) {
      Files.move(
          logFile,
          logFile.resolveSibling(logFile.getFileName() + ".prev"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
    pb.environment().putAll(environment);
    return pb.start();
  }
}
