package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalingar.gateway.fleet.FleetView;
import dev.scalingar.gateway.tenant.TenantDirectory;
import dev.scalingar.gateway.view.JobStatus;
import dev.scalingar.gateway.view.JobView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * GET /v1/fleet: the workers (from their heartbeats), the queue and the fleet's per-minute rates,
 * as the gateway reads them from the events topic. Any API key may read it: it holds totals and
 * worker names, nothing of any tenant's jobs.
 */
@Path("/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiKey")
public class FleetApi {

  @Inject TenantDirectory tenants;
  @Inject JobView view;
  @Inject FleetView fleet;

  /** One live worker: its latest heartbeat, and when it was sent. */
  public record Worker(
      @JsonProperty("worker") String worker,
      @JsonProperty("slots") int slots,
      @JsonProperty("busy_slots") int busySlots,
      @JsonProperty("live_trajectories") int liveTrajectories,
      @JsonProperty("running_jobs") int runningJobs,
      @JsonProperty("pending_jobs") int pendingJobs,
      @JsonProperty("pending_trajectory_steps") long pendingTrajectorySteps,
      @JsonProperty("draining") boolean draining,
      @JsonProperty("seen_at") Instant seenAt) {}

  /**
   * @param queuedJobs jobs of every tenant not yet started by a worker (the jobs topic's backlog)
   * @param pendingTrajectorySteps work held by the workers: steps left of their trajectories
   * @param windowSeconds the span of the three per-window figures
   */
  public record Fleet(
      @JsonProperty("workers") List<Worker> workers,
      @JsonProperty("slots") int slots,
      @JsonProperty("busy_slots") int busySlots,
      @JsonProperty("queued_jobs") int queuedJobs,
      @JsonProperty("running_jobs") int runningJobs,
      @JsonProperty("pending_trajectory_steps") long pendingTrajectorySteps,
      @JsonProperty("window_seconds") long windowSeconds,
      @JsonProperty("jobs_completed_per_window") int jobsCompleted,
      @JsonProperty("trajectories_pruned_per_window") int trajectoriesPruned,
      @JsonProperty("tokens_saved_per_window") long tokensSaved,
      @JsonProperty("jobs_completed_total") long jobsCompletedTotal,
      @JsonProperty("tokens_saved_total") long tokensSavedTotal,
      @JsonProperty("as_of") Instant asOf) {}

  @GET
  @Operation(
      summary = "Workers, slots, queue and the fleet's per-minute rates (the /ui/fleet page)")
  public Fleet get(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization) {
    tenants.authenticate(authorization);
    Instant now = Instant.now();
    FleetView.Snapshot s = fleet.snapshot(now);
    List<Worker> workers =
        s.workers().stream()
            .map(
                w -> {
                  var h = w.heartbeat();
                  return new Worker(
                      h.worker(),
                      h.slots(),
                      h.busySlots(),
                      h.liveTrajectories(),
                      h.runningJobs(),
                      h.pendingJobs(),
                      h.pendingTrajectorySteps(),
                      h.draining(),
                      w.seenAt());
                })
            .toList();
    return new Fleet(
        workers,
        workers.stream().mapToInt(Worker::slots).sum(),
        workers.stream().mapToInt(Worker::busySlots).sum(),
        view.count(JobStatus.QUEUED),
        view.count(JobStatus.RUNNING),
        workers.stream().mapToLong(Worker::pendingTrajectorySteps).sum(),
        fleet.window().toSeconds(),
        s.completedPerWindow(),
        s.prunedPerWindow(),
        s.tokensSavedPerWindow(),
        s.completedTotal(),
        s.tokensSavedTotal(),
        now);
  }
}
