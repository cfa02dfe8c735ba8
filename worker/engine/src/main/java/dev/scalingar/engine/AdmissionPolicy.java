package dev.scalingar.engine;

import java.util.List;

/**
 * Which pending jobs start at a step. A job's N trajectories are always admitted together, in
 * lockstep: the termination gate compares trajectories at the same step (its θ is a quantile of
 * their C), so they must be at the same step — the paper over-initialises the same way.
 *
 * <p>A policy may keep state across steps (an aging clock); the engine makes one per engine, from
 * {@link EngineOptions#admission()}, and calls it once per step, before planning the rows.
 */
public interface AdmissionPolicy {

  /**
   * The jobs to admit now, a subset of {@code queue.pending()} in the order their slots are taken;
   * their trajectories together must fit in {@code queue.freeSlots()}.
   */
  List<Queued> admit(Queue queue);

  /**
   * A pending job as a policy sees it. {@code queuedSteps}: engine steps since it was submitted.
   */
  record Queued(String jobId, int trajectories, int steps, long queuedSteps) {}

  /**
   * A running job as a policy sees it: its live trajectories, the image position they decode at the
   * coming step (all of a job's trajectories move in lockstep), and the steps it has left.
   */
  record Running(String jobId, int trajectories, int position, int remainingSteps) {}

  /**
   * The engine's state at the start of a step: the pending jobs oldest first, free trajectory
   * slots, and the running jobs.
   */
  record Queue(
      long step, List<Queued> pending, int freeSlots, int capacity, List<Running> running) {

    public int runningJobs() {
      return running.size();
    }
  }
}
