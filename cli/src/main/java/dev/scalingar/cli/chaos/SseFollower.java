package dev.scalingar.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.cli.stack.StackState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * A client following one job's Server-Sent Events as a browser's EventSource does: when the stream
 * breaks before the job's terminal event (the gateway went away), it reconnects after a pause and
 * sends the id of the last event it had as {@code Last-Event-ID}. The gateway resumes the stream
 * after that id (the events the client missed, then live ones), or, for an id it no longer has,
 * starts afresh with the job's current {@code status}; either way nothing that happened while the
 * client was away is missed: a terminal event or status ends the stream, and so does a {@code 204}
 * (the id was the job's terminal event: nothing more will come).
 */
final class SseFollower implements Runnable {

  private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String url;
  private final String apiKey;
  private final long deadline;
  private volatile String lastEventId;
  private volatile int reconnects;
  private volatile int sentLastEventId;
  private volatile boolean sawTerminal;

  SseFollower(String gatewayUrl, String apiKey, String jobId, Duration timeout) {
    this.url = gatewayUrl + "/v1/jobs/" + jobId + "/events";
    this.apiKey = apiKey;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  @Override
  public void run() {
    while (!sawTerminal && System.nanoTime() < deadline) {
      try {
        follow();
      } catch (IOException | UncheckedIOException e) {
        // broken stream or nothing listening: reconnect below
      } catch (InterruptedException e) {
        return;
      }
      if (!sawTerminal) {
        reconnects++;
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void follow() throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      req.header("Last-Event-ID", lastEventId);
      sentLastEventId++;
    }
    HttpResponse<java.util.stream.Stream<String>> r =
        http.send(req.GET().build(), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() == 204) {
      sawTerminal = true; // our Last-Event-ID was the terminal event
      return;
    }
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode());
    }
    String event = "message";
    StringBuilder data = new StringBuilder();
    for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
      String line = it.next();
      if (line.isEmpty()) {
        if (TERMINAL.contains(event)) {
          sawTerminal = true;
        } else if (event.equals("status") && data.length() > 0) {
          JsonNode status = StackState.JSON.readTree(data.toString());
          if (TERMINAL.contains(status.path("status").asText())) {
            sawTerminal = true;
          }
        }
        event = "message";
        data.setLength(0);
      } else if (line.startsWith("id:")) {
        lastEventId = line.substring(3).trim();
      } else if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
  }

  boolean sawTerminal() {
    return sawTerminal;
  }

  int reconnects() {
    return reconnects;
  }

  int sentLastEventId() {
    return sentLastEventId;
  }
}
