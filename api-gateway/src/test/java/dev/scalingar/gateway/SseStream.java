package dev.scalingar.gateway;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A client of one job's Server-Sent Events, as EventSource reads them: events are dispatched at the
 * blank line that ends them, with their name, id and data. {@link #close()} drops the connection,
 * as a client that goes away does.
 */
final class SseStream implements AutoCloseable {

  /** One dispatched event; {@code id} is null for an event without one (the status event). */
  record Event(String name, String id, String data) {}

  private final InputStream body;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private SseStream(InputStream body) {
    this.body = body;
    Thread reader = new Thread(this::read, "test-sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens the stream of {@code jobId} as {@code tenant}, resuming after {@code lastEventId} if
   * given; fails unless the gateway answers 200.
   */
  static SseStream open(URI base, TestTenant tenant, String jobId, Optional<String> lastEventId)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> r = request(base, tenant, jobId, lastEventId);
    if (r.statusCode() != 200) {
      r.body().close();
      throw new AssertionError("expected 200 from the event stream, got " + r.statusCode());
    }
    return new SseStream(r.body());
  }

  /** The raw answer, for statuses other than 200. */
  static HttpResponse<InputStream> request(
      URI base, TestTenant tenant, String jobId, Optional<String> lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/events"))
            .header("Authorization", tenant.bearer())
            .header("Accept", "text/event-stream");
    lastEventId.ifPresent(id -> b.header("Last-Event-ID", id));
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = "message";
      String id = null;
      StringBuilder data = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name, id, data.toString()));
          }
          name = "message";
          id = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = value(line);
        } else if (line.startsWith("id:")) {
          id = value(line);
        } else if (line.startsWith("data:")) {
          data.append(value(line));
        }
      }
    } catch (IOException e) {
      // closed by the test, or by the server
    } finally {
      ended.countDown();
    }
  }

  /** SSE allows one optional space after the colon. */
  private static String value(String line) {
    String v = line.substring(line.indexOf(':') + 1);
    return v.startsWith(" ") ? v.substring(1) : v;
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  /** The ids of the events received so far, in order (events without one left out). */
  List<String> ids() {
    return events.stream().map(Event::id).filter(id -> id != null).toList();
  }

  /** The id of the last event received: what EventSource sends as Last-Event-ID. */
  String lastId() {
    List<String> ids = ids();
    return ids.get(ids.size() - 1);
  }

  SseStream awaitEvent(String name) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> events.stream().anyMatch(e -> e.name().equals(name)));
    return this;
  }

  SseStream awaitId(String id) {
    await().atMost(Duration.ofSeconds(20)).until(() -> ids().contains(id));
    return this;
  }

  /** Waits for the server to end the stream. */
  SseStream awaitEnd() throws InterruptedException {
    if (!ended.await(20, TimeUnit.SECONDS)) {
      throw new AssertionError("the stream did not end; events so far: " + events);
    }
    return this;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
