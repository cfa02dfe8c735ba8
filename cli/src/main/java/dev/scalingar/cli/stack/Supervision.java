package dev.scalingar.cli.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the supervisor of {@code ./scalingar up} has done to each component, kept in {@code
 * supervisor.json} for {@code ./scalingar status}: how often it found the component dead and
 * started it again, when it last did, and the delay it will wait before the next restart.
 *
 * @param restarts restarts since {@code up}
 * @param lastRestart ISO-8601 instant of the last restart (null: never)
 * @param backoffSeconds the delay before the next restart should this one die too
 */
public record Supervision(
    @JsonProperty("restarts") int restarts,
    @JsonProperty("last_restart") String lastRestart,
    @JsonProperty("backoff_seconds") long backoffSeconds) {

  public static Path file(Path dir) {
    return dir.resolve("supervisor.json");
  }

  /** Every component's record; empty when no supervisor ran (or it restarted nothing yet). */
  public static Map<String, Supervision> read(Path dir) throws IOException {
    if (!Files.exists(file(dir))) {
      return Map.of();
    }
    return StackState.JSON.readValue(
        file(dir).toFile(), new TypeReference<LinkedHashMap<String, Supervision>>() {});
  }

  static void write(Path dir, Map<String, Supervision> all) throws IOException {
    Path tmp = dir.resolve("supervisor.json.tmp");
    StackState.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), all);
    Files.move(
        tmp,
        file(dir),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
