package dev.scalingar.gateway.rest;

import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemResponses;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * 413 (problem+json) for a body whose declared Content-Length is over the limit, before any of it
 * is read. A chunked body without a length is measured after reading (JobSubmission), and the HTTP
 * layer's limit ({@code quarkus.http.limits.max-body-size}, {@link HttpBodyLimit}) bounds what is
 * read at all.
 */
public class BodySizeFilter {

  // a Provider: filters are built during static init, before runtime configuration exists
  @Inject Provider<GatewayConfig> config;

  @ServerRequestFilter(preMatching = true)
  public Response checkLength(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return null;
    }
    long declared;
    try {
      declared = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return null; // the HTTP layer rejects a broken Content-Length itself
    }
    int max = config.get().request().maxBodyBytes();
    return declared > max
        ? ProblemResponses.of(
            Problem.bodyTooLarge(max).withInstance(request.getUriInfo().getPath()))
        : null;
  }
}
