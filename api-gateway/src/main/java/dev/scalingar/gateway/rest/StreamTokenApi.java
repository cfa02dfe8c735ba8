package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.stream.StreamTokens;
import dev.scalingar.gateway.tenant.Tenant;
import dev.scalingar.gateway.tenant.TenantDirectory;
import dev.scalingar.gateway.view.JobView;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * POST /v1/jobs/{id}/stream-token: trades the API key (in its header) for a short-lived token that
 * opens this one job's event stream, for browsers whose EventSource cannot send headers. The key
 * never enters a URL; the token, which does, opens nothing else and expires within a minute.
 */
@Path("/v1/jobs/{id}/stream-token")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiKey")
public class StreamTokenApi {

  @Inject TenantDirectory tenants;
  @Inject JobView view;
  @Inject StreamTokens tokens;

  /** The token, when it stops starting streams, and the events URL that carries it. */
  public record StreamToken(
      @JsonProperty("token") String token,
      @JsonProperty("expires_at") Instant expiresAt,
      @JsonProperty("events_url") String eventsUrl) {}

  @POST
  @Operation(
      summary =
          "A short-lived token for this job's event stream (EventSource cannot send Authorization)",
      description =
          "GET /v1/jobs/{id}/events?stream_token=TOKEN then authenticates as the caller, for this job only, "
              + "if the stream starts before expires_at (gateway.ui.stream-token-ttl).")
  @APIResponse(responseCode = "200")
  @APIResponse(
      responseCode = "404",
      description = "no such job for this API key",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public StreamToken issue(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @PathParam("id") String jobId) {
    Tenant tenant = tenants.authenticate(authorization);
    view.get(tenant.id(), jobId).orElseThrow(() -> JobsApi.notFound(view, jobId));
    StreamTokens.Issued issued = tokens.issue(tenant.id(), jobId, Instant.now());
    return new StreamToken(
        issued.token(),
        issued.expiresAt(),
        "/v1/jobs/"
            + jobId
            + "/events?stream_token="
            + URLEncoder.encode(issued.token(), StandardCharsets.UTF_8));
  }
}
