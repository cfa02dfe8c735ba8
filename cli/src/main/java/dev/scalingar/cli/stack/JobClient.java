package dev.scalingar.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BiConsumer;

/** A client of the gateway's public API, exactly as any HTTP client would use it. */
public final class JobClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String gatewayUrl;
  private final String apiKey;

  public JobClient(String gatewayUrl, String apiKey) {
    this.gatewayUrl = gatewayUrl.replaceAll("/+$", "");
    this.apiKey = apiKey;
  }

  /**
   * POST /v1/jobs; returns the 202 body. A 4xx/5xx becomes an exception with the problem's detail.
   */
  public JsonNode submit(ObjectNode spec) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request("/v1/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return body(r, 202);
  }

  public JsonNode get(String jobId) throws IOException, InterruptedException {
    return body(
        http.send(request("/v1/jobs/" + jobId).GET().build(), HttpResponse.BodyHandlers.ofString()),
        200);
  }

  /**
   * Follows GET /v1/jobs/{id}/events (Server-Sent Events) until the stream ends after the job's
   * terminal event; {@code onEvent} gets each event's name and data.
   */
  public void follow(String jobId, BiConsumer<String, JsonNode> onEvent)
      throws IOException, InterruptedException {
    HttpResponse<java.util.stream.Stream<String>> r =
        http.send(
            request("/v1/jobs/" + jobId + "/events")
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IOException("events of " + jobId + ": HTTP " + r.statusCode());
    }
    String event = "message";
    StringBuilder data = new StringBuilder();
    for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
      String line = it.next();
      if (line.isEmpty()) {
        if (data.length() > 0) {
          onEvent.accept(event, StackState.JSON.readTree(data.toString()));
        }
        event = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
  }

  /** Downloads a presigned URL (no credentials needed: the signature is in the URL). */
  public void download(String url, Path file) throws IOException, InterruptedException {
    HttpResponse<Path> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofFile(file));
    if (r.statusCode() != 200) {
      Files.deleteIfExists(file);
      throw new IOException("download of " + file.getFileName() + ": HTTP " + r.statusCode());
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(gatewayUrl + path))
        .timeout(Duration.ofMinutes(30))
        .header("Authorization", "Bearer " + apiKey);
  }

  private static JsonNode body(HttpResponse<String> r, int expected) throws IOException {
    JsonNode json =
        r.body().isBlank()
            ? StackState.JSON.createObjectNode()
            : StackState.JSON.readTree(r.body());
    if (r.statusCode() != expected) {
      throw new IOException(
          "gateway answered " + r.statusCode() + ": " + json.path("detail").asText(r.body()));
    }
    return json;
  }
}
