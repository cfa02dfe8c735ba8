package dev.scalingar.gateway.rest;

import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemResponses;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP layer's own body limit ({@code quarkus.http.limits.max-body-size}, 1 MiB) answered as
 * problem+json. Quarkus checks a declared Content-Length against it in a Vert.x route (order {@link
 * RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) and answers a bare 413 with no body, before the
 * application's filters run ({@link BodySizeFilter} sees only bodies under that limit). This route
 * runs just before it, does the same check and answers with the project's problem instead; like
 * Quarkus, it closes the connection, since the body it refuses is not read.
 */
@ApplicationScoped
public class HttpBodyLimit {

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  Optional<MemorySize> maxBodySize;

  void install(@Observes Router router) {
    maxBodySize.ifPresent(
        limit ->
            router
                .route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(ctx -> check(ctx, limit.asLongValue())));
  }

  private static void check(RoutingContext ctx, long limit) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared;
    try {
      declared = length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      declared = -1; // the HTTP layer refuses a broken Content-Length itself
    }
    if (declared <= limit) {
      ctx.next();
      return;
    }
    Problem problem = Problem.bodyTooLarge(limit).withInstance(ctx.request().path());
    var response =
        ctx.response()
            .setStatusCode(problem.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
            .putHeader(HttpHeaders.CONNECTION, "close");
    problem.headers().forEach(response::putHeader);
    response.end(Buffer.buffer(ProblemResponses.bytes(problem)));
  }
}
