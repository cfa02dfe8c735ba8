package dev.scalingar.gateway.rest;

import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemResponses;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP layer's own body limit ({@code quarkus.http.limits.max-body-size}, 1 MiB) answered as
 * problem+json, before the application sees the body, whether or not it has a Content-Length.
 *
 * <ul>
 *   <li>A declared Content-Length over it: Quarkus checks it in a Vert.x route (order {@link
 *       RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) and answers a bare 413 with no body. This route
 *       runs just before it, does the same check and answers with the project's problem instead,
 *       and closes the connection, as Quarkus does, since the body it refuses is not read.
 *   <li>No Content-Length (HTTP/1.1 {@code Transfer-Encoding: chunked}, or HTTP/2): nobody can tell
 *       the size before reading, and the REST layer's reader, on passing the limit, writes a bare
 *       413 itself. So this route reads such a body first, with Vert.x's {@link BodyHandler}
 *       bounded by the same limit (the REST layer then takes the body read here); past the limit
 *       the handler fails the request with 413, which this route's failure handler answers with the
 *       problem. The rest of the body is read and dropped, so the client, still sending, gets the
 *       answer rather than a reset connection; the connection closes when the body has ended.
 * </ul>
 *
 * {@link BodySizeFilter} and the submission check the application's own, smaller limit ({@code
 * gateway.request.max-body-bytes}) on what passes here.
 */
@ApplicationScoped
public class HttpBodyLimit {

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  Optional<MemorySize> maxBodySize;

  void install(@Observes Router router) {
    maxBodySize.ifPresent(
        limit -> {
          long bytes = limit.asLongValue();
          // no file uploads: nothing is written to disk, the body stays in memory (≤ the limit)
          BodyHandler reader = BodyHandler.create(false).setBodyLimit(bytes);
          router
              .route()
              .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
              .handler(ctx -> check(ctx, bytes, reader))
              .failureHandler(ctx -> failed(ctx, bytes));
        });
  }

  private static void check(RoutingContext ctx, long limit, BodyHandler reader) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      if (mayCarryABody(ctx.request())) {
        reader.handle(ctx); // continues once the whole body is read
      } else {
        // No body to read (a GET): handing it to the reader anyway failed under load with
        // "Request has already been read" once the request had ended first (chaos: GET 500s).
        ctx.next();
      }
      return;
    }
    long declared;
    try {
      declared = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      declared = -1; // the HTTP layer refuses a broken Content-Length itself
    }
    if (declared <= limit) {
      ctx.next();
      return;
    }
    respond(ctx, Problem.bodyTooLarge(limit));
  }

  /**
   * Without a Content-Length, HTTP/1.1 has a body only if chunked; HTTP/2 may have one on any
   * stream still open, but only the methods that take one matter here.
   */
  private static boolean mayCarryABody(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      return request.method() == HttpMethod.POST
          || request.method() == HttpMethod.PUT
          || request.method() == HttpMethod.PATCH;
    }
    String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
    return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
  }

  /** The reader passed the limit while the client was still sending (no Content-Length). */
  private static void failed(RoutingContext ctx, long limit) {
    if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    respond(
            ctx,
            Problem.bodyTooLarge(
                limit,
                "; this one came without Content-Length and was refused once it grew past that"))
        .onComplete(
            written -> {
              if (request.isEnded()) {
                close(request);
              } else {
                // the reader drops what still comes; close when the client has sent it all
                request.endHandler(end -> close(request));
              }
            });
  }

  private static Future<Void> respond(RoutingContext ctx, Problem problem) {
    Problem p = problem.withInstance(ctx.request().path());
    var response =
        ctx.response()
            .setStatusCode(p.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    if (ctx.request().version() != HttpVersion.HTTP_2) {
      response.putHeader(HttpHeaders.CONNECTION, "close"); // no such header in HTTP/2
    }
    p.headers().forEach(response::putHeader);
    return response.end(Buffer.buffer(ProblemResponses.bytes(p)));
  }

  private static void close(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) { // an HTTP/2 connection carries other streams
      request.connection().close();
    }
  }
}
