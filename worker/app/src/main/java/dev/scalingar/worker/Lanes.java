package dev.scalingar.worker;

import dev.scalingar.engine.Engine;
import dev.scalingar.engine.EngineJob;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import dev.scalingar.worker.kafka.JobCoordinates;
import dev.scalingar.worker.results.ResultWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The models a worker serves, each in its own lane: an engine (rows are never shared between
 * models) and a result writer. Confined to the loop thread, like the engines; what the rest of the
 * worker asks of all of them at once (room, idleness, the heartbeat's sums) is answered here.
 */
final class Lanes {

  /** A served model with its own engine and result writer. */
  record Lane(ServedModel served, Engine<JobCoordinates> engine, ResultWriter writer) {}

  /** Engine figures for the metrics thread (the engines themselves stay on the loop thread). */
  record Snapshot(double utilisation, int live, int pending, long pendingSteps) {}

  private final Map<String, Lane> byModel = new LinkedHashMap<>();

  /** Every engine reports each step: the progress throttle decides which become events. */
  Lanes(List<ServedModel> models, EngineOptions options, String workerId) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a worker serves at least one model");
    }
    EngineOptions perStep = options.withProgressEvery(1);
    for (ServedModel m : models) {
      Lane lane =
          new Lane(
              m,
              new Engine<>(m.model(), perStep),
              new ResultWriter(m.model(), workerId, m.sampler()));
      if (byModel.put(m.name(), lane) != null) {
        throw new IllegalArgumentException("model " + m.name() + " is served twice");
      }
    }
  }

  Set<String> models() {
    return byModel.keySet();
  }

  Collection<Lane> all() {
    return byModel.values();
  }

  /** The lane of a model this worker serves (the intake lets only those through). */
  Lane of(String model) {
    Lane lane = byModel.get(model);
    if (lane == null) {
      throw new IllegalStateException("model " + model + " is not served here");
    }
    return lane;
  }

  /** Whether every engine could take more: a full queue anywhere pauses the whole intake. */
  boolean haveRoom() {
    return all().stream().allMatch(l -> l.engine().pendingTrajectories() < l.engine().capacity());
  }

  boolean idle() {
    return all().stream().allMatch(l -> l.engine().isIdle());
  }

  /** Whether any engine holds the job, queued or running. */
  boolean holds(String jobId) {
    return all().stream().anyMatch(l -> l.engine().holds(jobId));
  }

  /** The first engine that held the job cancels it. */
  Optional<EngineJob<JobCoordinates>> cancel(String jobId) {
    return all().stream().flatMap(l -> l.engine().cancel(jobId).stream()).findFirst();
  }

  void cancelEverything() {
    for (Lane lane : all()) {
      for (String id : lane.engine().jobIds()) {
        lane.engine().cancel(id);
      }
    }
  }

  void cancelPending() {
    all().forEach(l -> l.engine().cancelPending());
  }

  /** Stops the jobs of these partitions, uncommitted; {@code dropped} hears each job's id. */
  void dropJobsOf(Collection<TopicPartition> partitions, Consumer<String> dropped) {
    for (Lane lane : all()) {
      for (EngineJob<JobCoordinates> job : lane.engine().heldJobs()) {
        if (partitions.contains(job.attachment().partition())) {
          lane.engine().cancel(job.jobId());
          dropped.accept(job.jobId());
        }
      }
    }
  }

  Snapshot snapshot() {
    int busy = 0, capacity = 0, live = 0, pending = 0;
    long steps = 0;
    for (Lane l : all()) {
      busy += l.engine().busySlots();
      capacity += l.engine().capacity();
      live += l.engine().liveTrajectories();
      pending += l.engine().pendingTrajectories();
      steps += l.engine().pendingTrajectorySteps();
    }
    return new Snapshot((double) busy / capacity, live, pending, steps);
  }

  /** The worker's capacity and load summed over its lanes, for the gateway's fleet view. */
  WorkerHeartbeat heartbeat(String workerId, Duration interval, boolean draining) {
    int capacity = 0, busy = 0, live = 0, running = 0, pendingJobs = 0, pending = 0;
    long steps = 0;
    for (Lane l : all()) {
      Engine<JobCoordinates> e = l.engine();
      capacity += e.capacity();
      busy += e.busySlots();
      live += e.liveTrajectories();
      running += e.runningJobs();
      pendingJobs += e.pendingJobs();
      pending += e.pendingTrajectories();
      steps += e.pendingTrajectorySteps();
    }
    return new WorkerHeartbeat(
        workerId,
        interval.toMillis(),
        capacity,
        busy,
        live,
        running,
        pendingJobs,
        pending,
        steps,
        draining);
  }
}
