package dev.scalingar.engine;

/**
 * @param admission how pending jobs start: ADAPTIVE (default, {@link CostAwareAdmission}), REFILL
 *     or STATIC (the baselines of bench-fleet)
 * @param agingSteps how long the oldest pending job may be overtaken by backfill (default 64 steps)
 * @param progressEvery steps between progress reports of a job (default 16)
 * @param cohortWaitSteps how many steps ADAPTIVE may hold a job that fits, waiting for a cohort to
 *     share its calls (default 256, one shapes image: at 64 it cost 1.13× static's cost line per
 *     job on this CPU, at 256 1.00×; {@code ./scalingar bench-fleet}, docs/bench/README.md). A job
 *     is held only while more work is queued behind it, which waits anyway.
 * @param compactRows whether trajectories still decoding move down into the slots that ended ones
 *     left, so that a step's rows stay one dense range of the cache (default true: the model reads
 *     a dense range as a view, and gathers scattered rows in every layer of every step, which made
 *     an 8-row step 2 to 2.5 times as slow on this CPU; a move is one copy of two cache rows)
 * @param samplerThreads how many threads a step's sampler sessions run on, one job's on each at a
 *     time (default 1: on a CPU worker the model's threads have the cores; a GPU worker gives it
 *     its cores, since the sampler's ≈ 155 µs per trajectory-step at V = 16,384 would otherwise
 *     take as long as the device's step; the tokens are the same either way)
 */
public record EngineOptions(
    Admission admission,
    int agingSteps,
    int progressEvery,
    int cohortWaitSteps,
    boolean compactRows,
    int samplerThreads) {

  public EngineOptions {
    if (agingSteps < 0 || progressEvery < 1 || cohortWaitSteps < 0 || samplerThreads < 1) {
      throw new IllegalArgumentException(
          "agingSteps >= 0, progressEvery >= 1, cohortWaitSteps >= 0 and samplerThreads >= 1");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(Admission.ADAPTIVE, 64, 16, 256, true, 1);
  }

  public EngineOptions withAdmission(Admission a) {
    return new EngineOptions(
        a, agingSteps, progressEvery, cohortWaitSteps, compactRows, samplerThreads);
  }

  public EngineOptions withAgingSteps(int steps) {
    return new EngineOptions(
        admission, steps, progressEvery, cohortWaitSteps, compactRows, samplerThreads);
  }

  public EngineOptions withProgressEvery(int steps) {
    return new EngineOptions(
        admission, agingSteps, steps, cohortWaitSteps, compactRows, samplerThreads);
  }

  public EngineOptions withCohortWaitSteps(int steps) {
    return new EngineOptions(
        admission, agingSteps, progressEvery, steps, compactRows, samplerThreads);
  }

  public EngineOptions withCompactRows(boolean compact) {
    return new EngineOptions(
        admission, agingSteps, progressEvery, cohortWaitSteps, compact, samplerThreads);
  }

  public EngineOptions withSamplerThreads(int threads) {
    return new EngineOptions(
        admission, agingSteps, progressEvery, cohortWaitSteps, compactRows, threads);
  }
}
