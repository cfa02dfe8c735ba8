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
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * GET /v1/jobs/{id}/events: Server-Sent Events of one job. The stream starts with a {@code status}
 * event (the job as GET returns it), then one SSE event per job event as the worker publishes it,
 * named by its type ({@code started}, {@code progress}, {@code pruned}, {@code completed}, {@code
 * failed}, {@code cancelled}), with the CloudEvent id as SSE id and the event's data as JSON. The
 * stream ends after the terminal event; a comment every 15 s keeps idle connections open. A
 * reconnection with {@code Last-Event-ID} resumes: the events after that id from the view's bounded
 * history of the job, then live, without the status event; an id the view does not have for this
 * job starts afresh (status first), and the job's terminal event id is answered 204. Authenticated
 * by the API key, or by a stream token ({@link StreamTokenApi}) for browsers.
 */
@Path("/v1/jobs/{id}/events")
@Singleton
@SecurityRequirement(name = "apiKey")
public class JobEventsApi {

  private static final long HEARTBEAT_SECONDS = 15;

  /** The SSE reconnection header: the id of the last event the client received. */
  static final String LAST_EVENT_ID = "Last-Event-ID";

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
          "Follow a job as Server-Sent Events: status, then progress, pruned and the terminal event",
      description =
          "With Last-Event-ID (sent by EventSource when it reconnects) the stream resumes: the "
              + "job's events after that id, in order, then live, and no status event. An id the "
              + "gateway does not know for this job (another job's, or older than the events it "
              + "keeps) starts afresh with the status event. 204 when the id is the job's "
              + "terminal event: nothing more will come.")
  @APIResponse(responseCode = "200", description = "the stream")
  @APIResponse(
      responseCode = "204",
      description =
          "Last-Event-ID is the job's terminal event: nothing follows (EventSource stops)")
  @APIResponse(
      responseCode = "503",
      description = "Last-Event-ID not known yet while the view is being rebuilt; retry",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public void stream(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @QueryParam("stream_token")
          @Parameter(
              description =
                  "instead of the Authorization header (browsers' EventSource "
                      + "cannot send it): a token from POST /v1/jobs/{id}/stream-token")
          String streamToken,
      @HeaderParam(LAST_EVENT_ID)
          @Parameter(
              description = "the id of the last event the client has: the stream resumes after it")
          String lastEventId,
      @PathParam("id") String jobId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    Tenant tenant =
        authorization == null && streamToken != null
            ? tenantOf(streamToken, jobId)
            : tenants.authenticate(authorization);
    Optional<String> resume =
        Optional.ofNullable(lastEventId).map(String::strip).filter(id -> !id.isEmpty());
    JobSnapshot known =
        view.get(tenant.id(), jobId).orElseThrow(() -> JobsApi.notFound(view, jobId));
    if (resume.isPresent()) {
      if (resume.equals(known.terminalEventId())) {
        // the client has the job's last event; 204 tells EventSource not to reconnect
        throw new WebApplicationException(Response.noContent().build());
      }
      if (!view.caughtUp() && !view.knows(jobId, resume.get())) {
        // not known *yet* cannot be told from unknown while the topics are being replayed
        throw new ProblemException(
            Problem.notReady(
                "the job-status view is still being rebuilt from Kafka and has not reached "
                    + "Last-Event-ID yet"));
      }
    }
    AtomicReference<ScheduledFuture<?>> heartbeat = new AtomicReference<>();
    JobListener listener =
        new JobListener() {
          @Override
          public void onStart(Start start) {
            if (start.missed().isPresent()) {
              // resumed: exactly what came after the client's last event, no status
              start.missed().get().forEach(m -> send(m.eventId(), m.type(), m.event()));
              if (start.now().status().isTerminal() && start.missed().get().isEmpty()) {
                close(sink, heartbeat);
              }
              return;
            }
            var first =
                sink.send(
                    sse.newEventBuilder()
                        .name("status")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(json(JobResource.of(start.now())))
                        .build());
            if (start.now().status().isTerminal()) {
              first.whenComplete((x, e) -> close(sink, heartbeat));
            }
          }

          @Override
          public void onEvent(String eventId, EventType type, JobEvent event, JobSnapshot after) {
            if (sink.isClosed()) {
              view.unsubscribe(jobId, this);
              return;
            }
            send(eventId, type, event);
          }

          private void send(String eventId, EventType type, JobEvent event) {
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
    JobListener.Start start =
        view.subscribe(tenant.id(), jobId, resume, listener)
            .orElseThrow(() -> JobsApi.notFound(view, jobId));
    if (start.now().status().isTerminal()) {
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
