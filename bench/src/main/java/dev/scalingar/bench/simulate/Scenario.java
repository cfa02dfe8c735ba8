package dev.scalingar.bench.simulate;

import dev.scalingar.engine.Admission;
import java.util.Locale;

/**
 * One simulated fleet: who arrives, what a job is, what a worker is, and how the fleet is sized.
 *
 * @param name unique, used for the table, the JSON and the plot's file name
 * @param line the step-cost line of the workers' device
 * @param strategy {@code scalingar} or {@code bon} (decides the line's ScalingAR overhead)
 * @param profile the trajectory lengths jobs are drawn from
 * @param replay take the profile's jobs in order (bench-fleet's own jobs) instead of at random
 * @param gridSteps steps of a job (L)
 * @param slots trajectory slots per worker (S = rows / 2)
 * @param policy the engine's admission policy
 * @param arrivals when jobs come
 * @param horizonSeconds arrivals stop here; the run goes on until every job is done, or {@code
 *     stopSeconds}
 * @param stopSeconds the run stops here at the latest (jobs not done by then are counted as still
 *     queued or running)
 * @param fleet fixed replicas or KEDA
 * @param prefetchTrajectories a worker takes jobs from the topic while it holds fewer pending
 *     trajectories than this (the worker's rule, {@code WorkerRuntime}: one engine capacity;
 *     bench-fleet submits all at once); {@link #ONLY_WHAT_FITS} takes a job only when its slots are
 *     free now (a central queue: the M/M/c check)
 * @param seed arrivals and profile draws
 */
public record Scenario(
    String name,
    CostLine line,
    String strategy,
    PruningProfile profile,
    boolean replay,
    int gridSteps,
    int slots,
    Admission policy,
    Arrivals arrivals,
    double horizonSeconds,
    double stopSeconds,
    Fleet fleet,
    int prefetchTrajectories,
    long seed) {

  public Scenario {
    if (!strategy.equals("scalingar") && !strategy.equals("bon")) {
      throw new IllegalArgumentException("strategy is scalingar or bon: " + strategy);
    }
    if (slots < profile.n()
        || gridSteps < 1
        || horizonSeconds < 0
        || stopSeconds < horizonSeconds
        || prefetchTrajectories < 0) {
      throw new IllegalArgumentException(
          name + ": slots >= N, gridSteps >= 1, horizon >= 0, prefetch >= 0");
    }
  }

  /** {@link #prefetchTrajectories} of a worker that holds no job it cannot start at once. */
  public static final int ONLY_WHAT_FITS = 0;

  /** How many workers there are. */
  public sealed interface Fleet {
    String label();
  }

  /** A fixed number of workers, warm from t = 0 (bench-fleet's one engine; the M/M/c check). */
  public record Fixed(int replicas) implements Fleet {
    @Override
    public String label() {
      return String.format(Locale.ROOT, "fixed-%d", replicas);
    }
  }

  /** KEDA-scaled workers. */
  public record Autoscaled(Keda keda) implements Fleet {
    @Override
    public String label() {
      return keda.label();
    }
  }

  public Scenario withName(String n) {
    return new Scenario(
        n,
        line,
        strategy,
        profile,
        replay,
        gridSteps,
        slots,
        policy,
        arrivals,
        horizonSeconds,
        stopSeconds,
        fleet,
        prefetchTrajectories,
        seed);
  }

  public Scenario withFleet(Fleet f) {
    return new Scenario(
        name,
        line,
        strategy,
        profile,
        replay,
        gridSteps,
        slots,
        policy,
        arrivals,
        horizonSeconds,
        stopSeconds,
        f,
        prefetchTrajectories,
        seed);
  }

  public Scenario withSeed(long s) {
    return new Scenario(
        name,
        line,
        strategy,
        profile,
        replay,
        gridSteps,
        slots,
        policy,
        arrivals,
        horizonSeconds,
        stopSeconds,
        fleet,
        prefetchTrajectories,
        s);
  }
}
