package dev.scalingar.cli.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a running embedded stack is: how to reach it (the contract of {@code ./scalingar status
 * --json}, docs/design.md) and which processes to stop. Written to {@code
 * .scalingar/stack/stack.json}.
 */
public record StackState(
    @JsonProperty("gateway_url") String gatewayUrl,
    @JsonProperty("api_key") String apiKey,
    @JsonProperty("webhook_secret") String webhookSecret,
    @JsonProperty("kafka_bootstrap") String kafkaBootstrap,
    @JsonProperty("s3_endpoint") String s3Endpoint,
    @JsonProperty("bucket") String bucket,
    @JsonProperty("s3_access_key") String s3AccessKey,
    @JsonProperty("s3_secret_key") String s3SecretKey,
    @JsonProperty("pids") Map<String, Long> pids,
    @JsonProperty("logs") String logs) {

  public static final ObjectMapper JSON = new ObjectMapper();

  public static Path file(Path dir) {
    return dir.resolve("stack.json");
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writerWithDefaultPrettyPrinter().writeValue(file(dir).toFile(), this);
  }

  public static StackState read(Path dir) throws IOException {
    Path f = file(dir);
    if (!Files.exists(f)) {
      throw new IllegalStateException(
          "no stack is running under " + dir + " (start one with ./scalingar up)");
    }
    return JSON.readValue(f.toFile(), StackState.class);
  }

  /** The processes that are still alive. */
  public Map<String, Boolean> alive() {
    Map<String, Boolean> out = new java.util.LinkedHashMap<>();
    pids.forEach(
        (name, pid) ->
            out.put(name, ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    return out;
  }
}
