package dev.scalingar.gateway.rest;

import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.kafka.TraceContext;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemException;
import dev.scalingar.gateway.problem.ProblemResponses;
import dev.scalingar.gateway.submit.JobSubmission;
import dev.scalingar.gateway.tenant.Tenant;
import dev.scalingar.gateway.tenant.TenantDirectory;
import dev.scalingar.gateway.view.JobStatus;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.schemas.JobSpec;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.logging.Logger;

/** The job API: submit, read, list, cancel. Streaming lives in {@link JobEventsApi}. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "apiKey")
public class JobsApi {

  private static final Logger LOG = Logger.getLogger(JobsApi.class);

  @Inject TenantDirectory tenants;
  @Inject JobSubmission submission;
  @Inject JobView view;
  @Inject GatewayConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a job",
      description =
          "Validates the job, writes it to scalingar.jobs.{model}.v1 and answers "
              + "202 once the broker acknowledged it. With Idempotency-Key, the same key and body return the first job "
              + "(header Idempotent-Replayed: true); the same key with another body is 422.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobSpec.class)))
  @APIResponse(
      responseCode = "202",
      description = "accepted",
      content = @Content(schema = @Schema(implementation = SubmittedJob.class)))
  @APIResponse(
      responseCode = "400",
      description = "malformed JSON or header",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "401",
      description = "no or unknown API key",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "413",
      description = "body too large",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "422",
      description = "invalid job (field and rule in errors[])",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "429",
      description = "rate limit or queued-jobs cap; see Retry-After",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "503",
      description = "the broker did not confirm in time; retry after Retry-After",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public CompletionStage<Response> submit(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @HeaderParam("Idempotency-Key")
          @Parameter(description = "client-chosen key, 1-255 printable ASCII characters")
          String idempotencyKey,
      @HeaderParam(TraceContext.TRACEPARENT)
          @Parameter(description = "W3C trace context, carried into the Kafka records")
          String traceparent,
      @HeaderParam(TraceContext.TRACESTATE) @Parameter(hidden = true) String tracestate,
      UriInfo uri,
      byte[] body) {
    Tenant tenant = tenants.authenticate(authorization);
    TraceContext trace = TraceContext.fromHttp(traceparent, tracestate);
    String path =
        uri.getPath(); // the continuation runs on a Kafka thread, outside the request context
    return submission
        .submit(tenant, Optional.ofNullable(idempotencyKey), body, trace)
        .thenApply(
            s -> {
              Response.ResponseBuilder r =
                  Response.accepted(SubmittedJob.of(s.jobId(), s.status(), s.seed(), s.createdAt()))
                      .header(
                          HttpHeaders.LOCATION,
                          "/v1/jobs/" + s.jobId()) // relative (RFC 9110): no request context needed
                      .header(TraceContext.TRACEPARENT, trace.traceparent());
              if (s.replayed()) {
                r.header("Idempotent-Replayed", "true");
              }
              return r.build();
            })
        .exceptionally(e -> failure(e, path));
  }

  @GET
  @Path("/{id}")
  @Operation(
      summary = "A job's status, progress, result (presigned URLs) and tokens used and saved")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = JobResource.class)))
  @APIResponse(
      responseCode = "404",
      description = "no such job for this API key",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public JobResource get(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @PathParam("id") String jobId) {
    Tenant tenant = tenants.authenticate(authorization);
    return view.get(tenant.id(), jobId)
        .map(JobResource::of)
        .orElseThrow(() -> notFound(view, jobId));
  }

  @GET
  @Operation(
      summary = "The caller's jobs, newest first",
      description = "Pass next_cursor as cursor for the next page.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = JobPage.class)))
  public JobPage list(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @QueryParam("status")
          @Parameter(description = "queued, running, completed, failed or cancelled")
          String status,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") @Parameter(description = "page size, 1 to gateway.request.max-page-size")
          Integer limit) {
    Tenant tenant = tenants.authenticate(authorization);
    if (!view.caughtUp()) {
      throw new ProblemException(
          Problem.notReady("the job-status view is still being rebuilt from Kafka"));
    }
    Optional<JobStatus> wanted = Optional.empty();
    if (status != null && !status.isEmpty()) {
      wanted =
          Optional.of(
              JobStatus.fromWire(status)
                  .orElseThrow(
                      () ->
                          new ProblemException(
                              Problem.invalidQuery(
                                  "status",
                                  "must be one of queued, running, completed, failed, cancelled"))));
    }
    int max = config.request().maxPageSize();
    int size = limit == null ? config.request().defaultPageSize() : limit;
    if (size < 1 || size > max) {
      throw new ProblemException(Problem.invalidQuery("limit", "must be between 1 and " + max));
    }
    try {
      JobView.Page page =
          view.list(
              tenant.id(), wanted, Optional.ofNullable(cursor).filter(c -> !c.isEmpty()), size);
      return new JobPage(page.jobs().stream().map(JobResource::of).toList(), page.nextCursor());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.invalidQuery("cursor", e.getMessage()));
    }
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(
      summary = "Cancel a queued or running job",
      description =
          "Writes a cancel command to "
              + "scalingar.control.v1 and answers 202; the job turns cancelled when its worker confirms.")
  @APIResponse(
      responseCode = "202",
      content = @Content(schema = @Schema(implementation = JobResource.class)))
  @APIResponse(
      responseCode = "404",
      description = "no such job for this API key",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "409",
      description = "the job already finished",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public CompletionStage<Response> cancel(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization,
      @HeaderParam(TraceContext.TRACEPARENT) @Parameter(hidden = true) String traceparent,
      @HeaderParam(TraceContext.TRACESTATE) @Parameter(hidden = true) String tracestate,
      @PathParam("id") String jobId,
      UriInfo uri) {
    Tenant tenant = tenants.authenticate(authorization);
    String path = uri.getPath();
    return submission
        .cancel(tenant, jobId, TraceContext.fromHttp(traceparent, tracestate))
        .thenApply(job -> Response.accepted(JobResource.of(job)).build())
        .exceptionally(e -> failure(e, path));
  }

  /** 404, or 503 while the view is still replaying (the job may just not have been read yet). */
  static ProblemException notFound(JobView view, String jobId) {
    return new ProblemException(
        view.caughtUp()
            ? Problem.notFound("no job " + jobId)
            : Problem.notReady("the job-status view is still being rebuilt from Kafka"));
  }

  /** Failures of the asynchronous part: the problem they carry, or a logged 500. */
  static Response failure(Throwable e, String path) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ProblemException p) {
      return ProblemResponses.of(p.problem().withInstance(path));
    }
    String errorId = java.util.UUID.randomUUID().toString();
    LOG.errorf(cause, "error %s while handling %s", errorId, path);
    return ProblemResponses.of(Problem.internal(errorId).withInstance(path));
  }
}
