package dev.scalingar.bench.simulate;

import dev.scalingar.engine.EngineOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * The discrete-event simulation of one {@link Scenario}: jobs arrive on the jobs topic (one FIFO;
 * partitions are not modelled), ready workers take them while they hold fewer pending trajectories
 * than their prefetch, step back to back while they have work, and KEDA polls the metrics and asks
 * for replicas; a new pod takes jobs after its start time, a pod asked to go drains (its jobs that
 * have not started go back to the front of the topic, the running ones finish), and the cheapest
 * pod to lose goes first: one still starting, else the one holding the fewest trajectories.
 *
 * <p>Deterministic for a scenario (its seed): events at equal times run in the order they were
 * scheduled, workers are visited by id.
 */
public final class FleetSimulation {

  /** Everything a run measured: the row and the timeline behind its plot. */
  public record Run(ScenarioResult result, List<Sample> timeline) {}

  /**
   * The fleet at one poll.
   *
   * @param waitingJobs jobs not started: in the topic or pending in an engine
   * @param runningJobs jobs in engines' slots
   * @param replicas pods asked for (starting or ready)
   * @param readyReplicas pods taking jobs
   */
  public record Sample(
      double t, int waitingJobs, int runningJobs, int replicas, int readyReplicas) {}

  private enum Kind {
    STEP_DONE,
    READY,
    POLL
  }

  private record Event(double time, long seq, Kind kind, SimWorker worker) {}

  private final Scenario s;
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Double.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long seq;
  private final Deque<SimJob> topic = new ArrayDeque<>();
  private final List<SimWorker> pods = new ArrayList<>();
  private final List<SimJob> jobs = new ArrayList<>();
  private final List<Sample> timeline = new ArrayList<>();
  private final Autoscaler autoscaler;
  private double busySlotSeconds;
  private double replicaSeconds;
  private double lastReplicaChange;
  private int maxReplicas;
  private int maxWaiting;
  private int completed;

  private FleetSimulation(Scenario scenario) {
    this.s = scenario;
    this.autoscaler =
        scenario.fleet() instanceof Scenario.Autoscaled a ? new Autoscaler(a.keda()) : null;
  }

  public static Run run(Scenario scenario) {
    return run(scenario, t -> {});
  }

  /**
   * @param progress called now and then with the simulated time reached over the horizon (0..1)
   */
  public static Run run(Scenario scenario, DoubleConsumer progress) {
    return new FleetSimulation(scenario).simulate(progress);
  }

  private Run simulate(DoubleConsumer progress) {
    SplittableRandom random = new SplittableRandom(s.seed() ^ s.name().hashCode());
    List<Double> arrivals = s.arrivals().times(s.horizonSeconds(), random.split());
    SplittableRandom draws = random.split();
    double poll;
    if (s.fleet() instanceof Scenario.Fixed f) {
      for (int i = 0; i < f.replicas(); i++) {
        SimWorker w = newPod(0);
        w.state = SimWorker.State.READY;
        w.readyAt = 0;
      }
      poll = Math.max(1, s.horizonSeconds() / 200);
    } else {
      Keda k = ((Scenario.Autoscaled) s.fleet()).keda();
      for (int i = 0; i < k.minReplicas(); i++) {
        SimWorker w = newPod(0);
        w.state = SimWorker.State.READY;
        w.readyAt = 0;
      }
      poll = k.pollingSeconds();
    }
    schedule(0, Kind.POLL, null);
    double limit = s.stopSeconds();
    int next = 0;
    double now = 0;
    double reported = 0;
    while (true) {
      boolean allArrived = next >= arrivals.size();
      if (allArrived && completed == jobs.size() && now >= s.horizonSeconds()) {
        break;
      }
      double arrival = allArrived ? Double.POSITIVE_INFINITY : arrivals.get(next);
      Event e = events.peek();
      double t = Math.min(arrival, e == null ? Double.POSITIVE_INFINITY : e.time());
      if (t > limit || t == Double.POSITIVE_INFINITY) {
        now = Math.min(Math.max(now, s.horizonSeconds()), limit);
        break;
      }
      now = t;
      if (arrival <= t) {
        next++;
        int[] steps =
            s.replay()
                ? s.profile().job(jobs.size(), s.gridSteps())
                : s.profile().sample(draws, s.gridSteps());
        SimJob job = new SimJob(jobs.size(), now, steps, s.gridSteps());
        jobs.add(job);
        topic.addLast(job);
        if (next == arrivals.size()
            || arrivals.get(next) > now) { // a batch at one instant is queued whole first
          wakeIdle(now);
        }
      } else {
        events.poll();
        switch (e.kind()) {
          case STEP_DONE -> stepDone(e.worker(), now);
          case READY -> {
            if (e.worker().state == SimWorker.State.STARTING) {
              e.worker().state = SimWorker.State.READY;
              e.worker().readyAt = now;
              startStep(e.worker(), now);
            }
          }
          case POLL -> {
            poll(now);
            schedule(now + poll, Kind.POLL, null);
          }
        }
      }
      if (s.horizonSeconds() > 0 && now - reported > s.horizonSeconds() / 100) {
        reported = now;
        progress.accept(Math.min(1, now / s.horizonSeconds()));
      }
    }
    progress.accept(1);
    return new Run(result(now), List.copyOf(timeline));
  }

  private SimWorker newPod(double now) {
    accountReplicas(now);
    SimWorker w =
        new SimWorker(
            pods.size(),
            s.slots(),
            s.policy()
                .policy(EngineOptions.defaults().withAdmission(s.policy()), s.line().stepCost()),
            s.line(),
            s.strategy().equals("scalingar"),
            now);
    pods.add(w);
    maxReplicas = Math.max(maxReplicas, replicas());
    return w;
  }

  private void schedule(double time, Kind kind, SimWorker w) {
    events.add(new Event(time, seq++, kind, w));
  }

  private void wakeIdle(double now) {
    for (SimWorker w : pods) {
      if (topic.isEmpty()) {
        return;
      }
      if (w.state == SimWorker.State.READY && !w.stepping) {
        startStep(w, now);
      }
    }
  }

  /** The worker's loop turn: take jobs while there is room, then plan a step or idle. */
  private void startStep(SimWorker w, double now) {
    if (w.state == SimWorker.State.READY) {
      while (!topic.isEmpty() && hasRoom(w)) {
        w.submit(topic.pollFirst());
      }
    }
    double seconds = w.begin(now);
    if (seconds < 0) {
      w.stepping = false;
      if (w.state == SimWorker.State.DRAINING) {
        gone(w, now);
      }
      return;
    }
    w.stepping = true;
    busySlotSeconds += w.busySlots() * seconds;
    schedule(now + seconds, Kind.STEP_DONE, w);
  }

  private boolean hasRoom(SimWorker w) {
    int prefetch = s.prefetchTrajectories();
    return prefetch == Scenario.ONLY_WHAT_FITS
        ? w.heldTrajectories() < w.capacity
        : w.pendingTrajectories() < prefetch;
  }

  private void stepDone(SimWorker w, double now) {
    for (SimJob j : w.end()) {
      j.finishedAt = now;
      completed++;
    }
    startStep(w, now);
  }

  private void gone(SimWorker w, double now) {
    w.state = SimWorker.State.GONE;
    w.goneAt = now;
  }

  private int replicas() {
    int n = 0;
    for (SimWorker w : pods) {
      if (w.state == SimWorker.State.STARTING || w.state == SimWorker.State.READY) {
        n++;
      }
    }
    return n;
  }

  private void accountReplicas(double now) {
    replicaSeconds += replicas() * (now - lastReplicaChange);
    lastReplicaChange = now;
  }

  private void poll(double now) {
    int waiting = topic.size(), running = 0, ready = 0;
    long held = 0, workerSteps = 0, backlogSteps = 0;
    for (SimWorker w : pods) {
      if (w.state == SimWorker.State.READY || w.state == SimWorker.State.DRAINING) {
        waiting += w.pendingJobs();
        running += w.runningJobs();
        held += w.heldJobs();
        workerSteps += w.pendingTrajectorySteps();
        ready += w.state == SimWorker.State.READY ? 1 : 0;
      }
    }
    for (SimJob j : topic) {
      backlogSteps += (long) j.trajectories() * j.gridSteps;
    }
    maxWaiting = Math.max(maxWaiting, waiting);
    if (autoscaler != null) {
      int current = replicas();
      int desired =
          autoscaler.decide(
              now,
              new Trigger.Metrics(topic.size() + held, topic.size(), workerSteps, backlogSteps),
              current);
      for (int i = current; i < desired; i++) {
        SimWorker w = newPod(now);
        schedule(now + ((Scenario.Autoscaled) s.fleet()).keda().podStartSeconds(), Kind.READY, w);
      }
      for (int i = desired; i < current; i++) {
        drainOne(now);
      }
    }
    timeline.add(new Sample(now, waiting, running, replicas(), ready));
  }

  /**
   * Scale-down: a starting pod goes at once; else the ready pod holding the fewest trajectories
   * drains.
   */
  private void drainOne(double now) {
    accountReplicas(now);
    for (int i = pods.size() - 1; i >= 0; i--) {
      SimWorker w = pods.get(i);
      if (w.state == SimWorker.State.STARTING) {
        gone(w, now);
        return;
      }
    }
    SimWorker victim = null;
    for (int i = pods.size() - 1; i >= 0; i--) {
      SimWorker w = pods.get(i);
      if (w.state == SimWorker.State.READY
          && (victim == null || w.heldTrajectories() < victim.heldTrajectories())) {
        victim = w;
      }
    }
    if (victim == null) {
      return;
    }
    victim.state = SimWorker.State.DRAINING;
    List<SimJob> back = victim.handBackPending();
    for (int i = back.size() - 1; i >= 0; i--) {
      topic.addFirst(back.get(i));
    }
    if (!victim.stepping) {
      gone(victim, now);
    }
    wakeIdle(now);
  }

  private ScenarioResult result(double end) {
    accountReplicas(end);
    double workerSeconds = 0, readySeconds = 0;
    for (SimWorker w : pods) {
      double until = Double.isNaN(w.goneAt) ? end : Math.min(end, w.goneAt);
      workerSeconds += Math.max(0, until - w.requestedAt);
      if (!Double.isNaN(w.readyAt)) {
        readySeconds += Math.max(0, until - w.readyAt);
      }
    }
    double[] latencies =
        jobs.stream()
            .filter(j -> !Double.isNaN(j.finishedAt))
            .mapToDouble(j -> j.finishedAt - j.arrival)
            .sorted()
            .toArray();
    double meanWait =
        jobs.stream()
            .filter(j -> !Double.isNaN(j.admittedAt))
            .mapToDouble(j -> j.admittedAt - j.arrival)
            .average()
            .orElse(Double.NaN);
    double steps =
        jobs.stream()
            .filter(j -> !Double.isNaN(j.finishedAt))
            .mapToLong(SimJob::trajectorySteps)
            .average()
            .orElse(Double.NaN);
    long waited =
        jobs.stream().filter(j -> !Double.isNaN(j.admittedAt) && j.admittedAt > j.arrival).count();
    long admitted = jobs.stream().filter(j -> !Double.isNaN(j.admittedAt)).count();
    int notStarted = (int) jobs.stream().filter(j -> Double.isNaN(j.admittedAt)).count();
    int running =
        (int)
            jobs.stream()
                .filter(j -> !Double.isNaN(j.admittedAt) && Double.isNaN(j.finishedAt))
                .count();
    double first = jobs.isEmpty() ? 0 : jobs.get(0).arrival;
    double span = end - first;
    return new ScenarioResult(
        s.name(),
        s.line().device(),
        s.fleet().label(),
        s.policy().name(),
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        percentile(latencies, 0.99),
        workerSeconds / 60,
        readySeconds == 0 ? 0 : busySlotSeconds / (s.slots() * readySeconds),
        jobs.size(),
        latencies.length,
        s.strategy(),
        s.profile().arm(),
        s.arrivals().describe(),
        s.slots(),
        s.profile().n(),
        s.gridSteps(),
        span > 0 ? latencies.length * 60 / span : 0,
        Arrays.stream(latencies).average().orElse(Double.NaN),
        meanWait,
        admitted == 0 ? 0 : (double) waited / admitted,
        end,
        end > 0 ? replicaSeconds / end : 0,
        maxReplicas,
        maxWaiting,
        steps,
        s.profile().accuracy(),
        notStarted,
        running,
        null);
  }

  /** Nearest-rank percentile of sorted values, as bench-fleet reports its own. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
