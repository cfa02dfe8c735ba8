package dev.scalingar.bench.simulate;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ./scalingar simulate-fleet} is asked to do.
 *
 * @param out where simulate.json and the plots go (default {@code out/simulate})
 * @param only scenario names or prefixes to run (empty: all; the validation rows always run)
 * @param seed arrivals and profile draws (default 1)
 * @param fleetJson bench-fleet's measurement to validate against (default {@code
 *     docs/bench/fleet.json})
 * @param cpu this CPU's cost line for the validation; null (the default): the fleet.json's own
 *     {@code lockstep_line}, fitted to the measured run's steps, or {@link CostLine#CPU} where it
 *     has none
 * @param gpu the GPU's cost line (default {@link CostLine#GPU_H200}, an assumption)
 * @param horizonSeconds arrivals of the fleet scenarios stop here (default 3,600 s)
 * @param podStartSeconds a new GPU pod's time to take jobs (default 120 s, an assumption)
 * @param profiles a bench results.jsonl(.gz) to read pruning profiles from; null: the shipped ones
 * @param saturatingJobs the jobs queued at once on the saturated GPU worker (default {@value
 *     Scenarios#SATURATING_JOBS}); its jobs/min counts the drain after the queue empties, which
 *     more jobs amortise
 */
public record SimulateOptions(
    Path out,
    List<String> only,
    long seed,
    Path fleetJson,
    CostLine cpu,
    CostLine gpu,
    double horizonSeconds,
    double podStartSeconds,
    Path profiles,
    int saturatingJobs) {

  public SimulateOptions {
    only = List.copyOf(only);
    if (!(horizonSeconds > 0) || podStartSeconds < 0) {
      throw new IllegalArgumentException("--hours must be > 0 and --pod-start >= 0");
    }
    if (saturatingJobs < 1) {
      throw new IllegalArgumentException("--saturating-jobs must be >= 1, was " + saturatingJobs);
    }
  }

  public static SimulateOptions defaults() {
    return new SimulateOptions(
        Path.of("out/simulate"),
        List.of(),
        1,
        Path.of("docs/bench/fleet.json"),
        null,
        CostLine.GPU_H200,
        3600,
        120,
        null,
        Scenarios.SATURATING_JOBS);
  }

  /** Whether a scenario of this name is asked for. */
  public boolean wants(String name) {
    return only.isEmpty()
        || name.startsWith("validate-")
        || only.stream().anyMatch(name::startsWith);
  }
}
