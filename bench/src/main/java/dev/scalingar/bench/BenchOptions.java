package dev.scalingar.bench;

import dev.scalingar.sampler.SamplerConfig;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code ./scalingar bench} runs. Everything that changes the results (not the timings) is
 * in {@link #fingerprint()}: a resumed run must match it.
 *
 * @param set {@code eval} (the frozen evaluation set) or {@code dev} (the tuning set)
 * @param limit at most this many prompts, in the set's order (after the task filter)
 * @param tasks ShapesEval task tags to keep; empty = all
 * @param n trajectories per job (default 8)
 * @param strategies arms to report ({@link BenchPlan#ARMS})
 * @param sweep quantiles p of the Fig. 10 sweep (empty = no sweep)
 * @param regret pruned trajectories are run to the end in shadow and judged
 * @param seed the benchmark seed; job i's seed derives from it and i alone, the same for every arm
 * @param rowCapacity model rows of the engine (2 per trajectory slot)
 * @param overrides {@code --config} changes, as given
 * @param config the sampler config after the overrides
 */
public record BenchOptions(
    String set,
    int limit,
    List<String> tasks,
    int n,
    List<String> strategies,
    List<Double> sweep,
    boolean regret,
    long seed,
    int rowCapacity,
    List<String> overrides,
    SamplerConfig config) {

  public BenchOptions {
    Objects.requireNonNull(set, "set");
    if (limit < 1) throw new IllegalArgumentException("--limit must be ≥ 1, was " + limit);
    if (n < 1 || n > 64) throw new IllegalArgumentException("--n must be in [1,64], was " + n);
    if (rowCapacity < 2 * n) {
      throw new IllegalArgumentException(
          "--capacity "
              + rowCapacity
              + " rows cannot hold one job of N = "
              + n
              + " (needs "
              + 2 * n
              + ")");
    }
    tasks = List.copyOf(tasks);
    strategies = List.copyOf(strategies);
    sweep = List.copyOf(sweep);
    overrides = List.copyOf(overrides);
    Objects.requireNonNull(config, "config");
  }

  /** The settings results depend on; a resumed run must have the same. */
  public String fingerprint() {
    return "set="
        + set
        + " n="
        + n
        + " seed="
        + seed
        + " regret="
        + regret
        + " config="
        + overrides;
  }

  public BenchOptions withSeed(long newSeed) {
    return new BenchOptions(
        set, limit, tasks, n, strategies, sweep, regret, newSeed, rowCapacity, overrides, config);
  }

  /** Job i's seed: the same for every arm, so arms are paired on prompts and seeds. */
  public long jobSeed(int prompt) {
    return seed * 1_000_003L + prompt;
  }
}
