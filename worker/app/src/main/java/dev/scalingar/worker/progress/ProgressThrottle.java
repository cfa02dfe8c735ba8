package dev.scalingar.worker.progress;

import dev.scalingar.sampler.TraceRow;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides when a job's next progress event is due and builds its curve: the engine reports every
 * step's trace rows, this keeps them per job and lets an event through at most once per {@code
 * minSteps} steps <em>and</em> at most {@code maxPerSecond} times a second. The second bound is the
 * one that matters on a fast device: however short a step is, a browser following the job never
 * gets more than a few events a second. The rows in between are not lost: the next event's curve
 * carries them, thinned to at most {@link #MAX_CURVE_STEPS} steps.
 *
 * <p>Time is passed in ({@code nowNanos}), so the bound is tested without a clock. Confined to the
 * worker's loop thread, like the engine.
 */
public final class ProgressThrottle {

  /**
   * Most steps one event's curve carries: about one point per 8 steps of a 256-step job at the
   * default cadence.
   */
  public static final int MAX_CURVE_STEPS = 32;

  /**
   * Most marks one event carries; a job's trajectories are flagged and recover only a few times
   * each.
   */
  public static final int MAX_MARKS = 256;

  private final int minSteps;
  private final long minIntervalNanos;
  private final Map<String, Pending> jobs = new HashMap<>();

  /** The steps a job ran since its previous event. */
  private static final class Pending {
    final TreeMap<Integer, Double> theta = new TreeMap<>();
    final TreeMap<Integer, Map<Integer, Double>> c = new TreeMap<>(); // step → trajectory → C
    final List<JobProgress.Mark> marks = new ArrayList<>();
    int stepsSinceEvent;
    long lastEventNanos;
    boolean sentAny;
  }

  /**
   * @param minSteps at least this many steps between two events of a job (SCALINGAR_PROGRESS_EVERY)
   * @param maxPerSecond at most this many events per second per job
   *     (SCALINGAR_PROGRESS_MAX_PER_SECOND)
   */
  public ProgressThrottle(int minSteps, double maxPerSecond) {
    if (minSteps < 1 || !(maxPerSecond > 0)) {
      throw new IllegalArgumentException(
          "progress: at least 1 step and a positive rate per second");
    }
    this.minSteps = minSteps;
    this.minIntervalNanos = (long) (1e9 / maxPerSecond);
  }

  /**
   * Records one step's rows of a job; returns the curve to publish when an event is due now, and
   * then starts collecting afresh.
   */
  public Optional<JobProgress.Curve> offer(String jobId, List<TraceRow> rows, long nowNanos) {
    Pending p = jobs.computeIfAbsent(jobId, id -> new Pending());
    for (TraceRow r : rows) {
      p.theta.putIfAbsent(r.step(), finite(r.theta()));
      p.c.computeIfAbsent(r.step(), s -> new HashMap<>()).put(r.trajectory(), finite(r.c()));
      TraceEvent event = mark(r.event());
      if (event != null && p.marks.size() < MAX_MARKS) {
        p.marks.add(new JobProgress.Mark(r.trajectory(), r.step(), event));
      }
    }
    p.stepsSinceEvent++;
    boolean due =
        p.stepsSinceEvent >= minSteps
            && (!p.sentAny || nowNanos - p.lastEventNanos >= minIntervalNanos);
    if (!due || p.c.isEmpty()) {
      return Optional.empty();
    }
    JobProgress.Curve curve = curve(p);
    p.theta.clear();
    p.c.clear();
    p.marks.clear();
    p.stepsSinceEvent = 0;
    p.lastEventNanos = nowNanos;
    p.sentAny = true;
    return Optional.of(curve);
  }

  /** A finished, cancelled or handed-back job: nothing more is sent for it. */
  public void forget(String jobId) {
    jobs.remove(jobId);
  }

  int tracked() {
    return jobs.size();
  }

  private static JobProgress.Curve curve(Pending p) {
    List<Integer> steps = thin(new ArrayList<>(p.c.keySet()));
    List<Integer> trajectories =
        p.c.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    List<Double> theta = new ArrayList<>(steps.size());
    for (int s : steps) {
      theta.add(p.theta.get(s));
    }
    List<JobProgress.Series> series = new ArrayList<>(trajectories.size());
    for (int t : trajectories) {
      List<Double> c = new ArrayList<>(steps.size());
      for (int s : steps) {
        c.add(p.c.get(s).get(t)); // null: the trajectory did not run at that step
      }
      series.add(new JobProgress.Series(t, c));
    }
    return new JobProgress.Curve(steps, theta, series, p.marks);
  }

  /** At most MAX_CURVE_STEPS steps, evenly spread, always keeping the first and the latest. */
  static List<Integer> thin(List<Integer> steps) {
    int n = steps.size();
    if (n <= MAX_CURVE_STEPS) {
      return steps;
    }
    List<Integer> kept = new ArrayList<>(MAX_CURVE_STEPS);
    for (int i = 0; i < MAX_CURVE_STEPS; i++) {
      kept.add(steps.get((int) Math.round((double) i * (n - 1) / (MAX_CURVE_STEPS - 1))));
    }
    return kept;
  }

  private static TraceEvent mark(dev.scalingar.sampler.TraceEvent e) {
    if (e == null) {
      return null;
    }
    return switch (e) {
      case FLAGGED -> TraceEvent.FLAGGED;
      case RECOVERED -> TraceEvent.RECOVERED;
      case TERMINATED -> TraceEvent.TERMINATED;
      case NONE, SELECTED -> null; // selection is told by the completion event
    };
  }

  /**
   * NaN (undefined: warm-up, no gate) is null on the wire; C is rounded to 4 digits to keep events
   * small.
   */
  private static Double finite(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null;
  }
}
