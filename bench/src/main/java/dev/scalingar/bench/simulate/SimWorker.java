package dev.scalingar.bench.simulate;

import dev.scalingar.engine.AdmissionPolicy;
import dev.scalingar.engine.model.StepCost;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's engine, without the model: S trajectory slots stepping in lockstep, jobs admitted by
 * the engine's own {@link AdmissionPolicy}, fed the {@link AdmissionPolicy.Queue} the engine builds
 * in {@code Engine.admit()} (pending jobs oldest first with their queued steps, free slots, running
 * jobs with live trajectories, position and steps left). A step's time is its cost line's; every
 * trajectory of a job admitted at a step is prefilled in that step and samples its first token, and
 * its slot is free for the step after the one it ends in.
 */
final class SimWorker {

  enum State {
    STARTING,
    READY,
    DRAINING,
    GONE
  }

  final int id;
  final int capacity;
  private final AdmissionPolicy policy;
  private final StepCost cost;
  private final CostLine line;
  private final boolean scalingar;
  private final Map<String, SimJob> pending = new LinkedHashMap<>();
  private final Map<String, SimJob> running = new LinkedHashMap<>();
  private long step;
  private int busySlots;

  State state = State.STARTING;
  final double requestedAt;
  double readyAt = Double.NaN;
  double goneAt = Double.NaN;

  /** True while a step is in flight (its end is scheduled). */
  boolean stepping;

  SimWorker(
      int id,
      int capacity,
      AdmissionPolicy policy,
      CostLine line,
      boolean scalingar,
      double requestedAt) {
    this.id = id;
    this.capacity = capacity;
    this.policy = policy;
    this.cost = line.stepCost();
    this.line = line;
    this.scalingar = scalingar;
    this.requestedAt = requestedAt;
  }

  void submit(SimJob job) {
    job.submittedStep = step;
    pending.put(job.key(), job);
  }

  /**
   * Plans one step: admits what the policy chooses and returns the step's seconds, or a negative
   * number when nothing runs (the worker idles until work comes).
   */
  double begin(double now) {
    if (pending.isEmpty() && running.isEmpty()) {
      return -1;
    }
    step++;
    admit(now);
    if (running.isEmpty()) {
      return -1;
    }
    List<StepCost.Cohort> decode = new ArrayList<>(running.size());
    int prefill = 0;
    busySlots = 0;
    for (SimJob j : running.values()) {
      int live = j.live();
      busySlots += live;
      if (j.next == 0) {
        prefill += live;
      } else {
        decode.add(new StepCost.Cohort(j.next - 1, live));
      }
    }
    return line.stepSeconds(cost, decode, prefill, scalingar);
  }

  private void admit(double now) {
    List<AdmissionPolicy.Queued> queued = new ArrayList<>(pending.size());
    for (SimJob p : pending.values()) {
      queued.add(
          new AdmissionPolicy.Queued(
              p.key(), p.trajectories(), p.gridSteps, step - p.submittedStep));
    }
    List<AdmissionPolicy.Running> held = new ArrayList<>(running.size());
    int used = 0;
    for (SimJob r : running.values()) {
      int live = r.live();
      used += live;
      held.add(
          new AdmissionPolicy.Running(
              r.key(), live, Math.max(0, r.next - 1), r.gridSteps - r.next));
    }
    int free = capacity - used;
    List<AdmissionPolicy.Queued> chosen =
        policy.admit(new AdmissionPolicy.Queue(step, queued, free, capacity, held));
    for (AdmissionPolicy.Queued q : chosen) {
      SimJob j = pending.get(q.jobId());
      if (j == null || j.trajectories() > free) {
        throw new IllegalStateException(
            "admission policy "
                + policy.getClass().getSimpleName()
                + " chose "
                + q.jobId()
                + ", which is not pending or does not fit");
      }
      pending.remove(q.jobId());
      j.admittedAt = now;
      running.put(j.key(), j);
      free -= j.trajectories();
    }
  }

  /**
   * Ends the step planned by {@link #begin}: every running job samples a token; returns the jobs
   * done.
   */
  List<SimJob> end() {
    List<SimJob> done = new ArrayList<>();
    for (Iterator<SimJob> it = running.values().iterator(); it.hasNext(); ) {
      SimJob j = it.next();
      j.next++;
      if (j.done()) {
        it.remove();
        done.add(j);
      }
    }
    return done;
  }

  /** Live trajectories of the step in flight (slots busy). */
  int busySlots() {
    return busySlots;
  }

  int pendingTrajectories() {
    int sum = 0;
    for (SimJob p : pending.values()) {
      sum += p.trajectories();
    }
    return sum;
  }

  /** Jobs held (pending and running): the worker's uncommitted offsets. */
  int heldJobs() {
    return pending.size() + running.size();
  }

  int heldTrajectories() {
    int sum = pendingTrajectories();
    for (SimJob r : running.values()) {
      sum += r.live();
    }
    return sum;
  }

  int pendingJobs() {
    return pending.size();
  }

  int runningJobs() {
    return running.size();
  }

  boolean idle() {
    return pending.isEmpty() && running.isEmpty();
  }

  /**
   * What {@code Engine.pendingTrajectorySteps()} reports: live × steps left, plus N × L per pending
   * job.
   */
  long pendingTrajectorySteps() {
    long sum = 0;
    for (SimJob r : running.values()) {
      sum += (long) r.live() * (r.gridSteps - r.next);
    }
    for (SimJob p : pending.values()) {
      sum += (long) p.trajectories() * p.gridSteps;
    }
    return sum;
  }

  /** A draining worker hands back every job that has not started (oldest first). */
  List<SimJob> handBackPending() {
    List<SimJob> back = new ArrayList<>(pending.values());
    pending.clear();
    return back;
  }
}
