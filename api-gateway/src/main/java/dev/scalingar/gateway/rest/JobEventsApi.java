package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemException;
import dev.scalingar.gateway.stream.StreamTokens;
import dev.scalingar.gateway.tenant.Tenant;
import dev.scalingar.gateway.tenant.TenantDirectory;
import dev.scalingar.gateway.view.JobListener;
import dev.scalingar.gateway.view.JobSnapshot;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.events.JobEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * GET /v1/jobs/{id}/events: Server-Sent Events of one job. The stream starts with a {@code status}
 * event (the job as GET returns it), then one SSE event per job event as the worker publishes it,
 * named by its type ({@code started}, {@code progress}, {@code pruned}, {@code completed}, {@code
 * failed}, {@code cancelled}), with the CloudEvent id as SSE id and the event's data as JSON. The
 * stream ends after the terminal event; a comment every 15 s keeps idle connections open.
 * Authenticated by the API key, or by a stream token ({@link StreamTokenApi}) for browsers.
 */
@Path("/v1/jobs/{id}/events")
@Singleton
@SecurityRequirement(name = "apiKey")
public class JobEventsApi {

  private static final long HEARTBEAT_SECONDS = 15;

  @Inject TenantDirectory tenants;
  @Inject JobView view;
  @Inject ObjectMapper mapper;
  @Inject StreamTokens tokens;

  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scalingar-sse-heartbeat");
            t.setDaemon(true);
            return t;
          });

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary =
          "Follow a job as Server-Sent Events: status, then progress, pruned and the terminal event")
  public void stream(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @QueryParam("stream_token")
          @Parameter(
              description =
                  "instead of the Authorization header (browsers' EventSource "
                      + "cannot send it): a token from POST /v1/jobs/{id}/stream-token")
          String streamToken,
      @PathParam("id") String jobId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    Tenant tenant =
        authorization == null && streamToken != null
            ? tenantOf(streamToken, jobId)
            : tenants.authenticate(authorization);
    AtomicReference<ScheduledFuture<?>> heartbeat = new AtomicReference<>();
    JobListener listener =
        new JobListener() {
          @Override
          public void onEvent(String eventId, EventType type, JobEvent event, JobSnapshot after) {
            if (sink.isClosed()) {
              view.unsubscribe(jobId, this);
              return;
            }
            OutboundSseEvent out =
                sse.newEventBuilder()
                    .name(name(type))
                    .id(eventId)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(json(event))
                    .build();
            var sent = sink.send(out);
            if (event.terminal()) {
              sent.whenComplete((x, e) -> close(sink, heartbeat));
            }
          }
        };
    JobSnapshot start =
        view.subscribe(tenant.id(), jobId, listener)
            .orElseThrow(() -> JobsApi.notFound(view, jobId));
    var first =
        sink.send(
            sse.newEventBuilder()
                .name("status")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(json(JobResource.of(start)))
                .build());
    if (start.status().isTerminal()) {
      first.whenComplete((x, e) -> close(sink, heartbeat));
      return;
    }
    heartbeat.set(
        heartbeats.scheduleAtFixedRate(
            () -> {
              if (sink.isClosed()) {
                view.unsubscribe(jobId, listener);
                close(sink, heartbeat);
              } else {
                sink.send(sse.newEventBuilder().comment("keep-alive").build());
              }
            },
            HEARTBEAT_SECONDS,
            HEARTBEAT_SECONDS,
            TimeUnit.SECONDS));
  }

  /** The tenant a stream token was issued to, if it opens this job's stream now; 401 otherwise. */
  private Tenant tenantOf(String token, String jobId) {
    if (tokens.verify(token, jobId, Instant.now()) instanceof StreamTokens.Valid v) {
      return tenants
          .byId(v.tenant())
          .orElseThrow(
              () ->
                  new ProblemException(
                      Problem.unauthorized("the stream token's tenant is no longer configured")));
    }
    // One answer for every refusal: which check failed is no business of whoever holds the token.
    throw new ProblemException(
        Problem.unauthorized(
            "the stream token is not valid for this job (expired, altered or issued for another); ask for a new one"));
  }

  /**
   * {@code dev.scalingar.job.progress} → {@code progress}, {@code dev.scalingar.trajectory.pruned}
   * → {@code pruned}.
   */
  static String name(EventType type) {
    String t = type.type();
    return t.substring(t.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("wire records always serialise", e);
    }
  }

  private static void close(SseEventSink sink, AtomicReference<ScheduledFuture<?>> heartbeat) {
    ScheduledFuture<?> h = heartbeat.get();
    if (h != null) {
      h.cancel(false);
    }
    sink.close();
  }

  @PreDestroy
  void stop() {
    heartbeats.shutdownNow();
  }
}
