package dev.scalingar.worker.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The worker's small HTTP port: {@code /metrics} (Prometheus text), {@code /health/live} (the
 * process and its engine loop are alive), {@code /health/ready} (model loaded, consumer running,
 * not draining, no fatal failure, storage answering: Kubernetes sends work only then).
 */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;

  public OpsServer(
      String host, int port, WorkerMetrics metrics, BooleanSupplier live, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the worker's ops port " + host + ":" + port, e);
    }
    server.createContext(
        "/metrics", x -> reply(x, 200, "text/plain; version=0.0.4", metrics.scrape()));
    server.createContext("/health/live", x -> health(x, live.getAsBoolean()));
    server.createContext("/health/ready", x -> health(x, ready.getAsBoolean()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void health(HttpExchange x, boolean up) throws IOException {
    reply(x, up ? 200 : 503, "application/json", "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
  }

  private static void reply(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
