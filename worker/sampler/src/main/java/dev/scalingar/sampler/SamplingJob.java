package dev.scalingar.sampler;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One job as the sampler sees it: what a strategy needs to start a session. The prompt and the
 * model stay with the engine.
 *
 * @param trajectories N, started together (over-initialisation); {@code base} runs one whatever N
 * @param grid the h×w token grid; L = h·w steps
 * @param vocabularySize V, the length of each logit half
 * @param seed the job seed; every random stream derives from it ({@link TrajectorySeeds})
 * @param baseCfgScale s_base, the model's default CFG scale, ≥ 1
 * @param temperature T &gt; 0 (docs/algorithm.md: 1)
 * @param topK 0 = off
 * @param topP in (0,1]; 1 = off
 * @param tokenBudget optional visual-token budget for the whole job (summed over trajectories);
 *     must allow one trajectory to finish after the first step: ≥ N + L − 1
 * @param config the sampler's knobs
 */
public record SamplingJob(
    int trajectories,
    Grid grid,
    int vocabularySize,
    long seed,
    double baseCfgScale,
    double temperature,
    int topK,
    double topP,
    OptionalLong tokenBudget,
    SamplerConfig config) {

  public SamplingJob {
    if (trajectories < 1 || trajectories > 1024) {
      throw new IllegalArgumentException(
          "job.trajectories must be in [1,1024], was " + trajectories);
    }
    Objects.requireNonNull(grid, "job.grid");
    if (vocabularySize < 2)
      throw new IllegalArgumentException("job.vocabularySize must be ≥ 2, was " + vocabularySize);
    if (!(baseCfgScale >= 1 && baseCfgScale <= 100)) {
      throw new IllegalArgumentException(
          "job.baseCfgScale must be in [1,100], was " + baseCfgScale);
    }
    if (!(temperature > 0 && temperature <= 100)) {
      throw new IllegalArgumentException("job.temperature must be in (0,100], was " + temperature);
    }
    if (topK < 0) throw new IllegalArgumentException("job.topK must be ≥ 0 (0 = off), was " + topK);
    if (!(topP > 0 && topP <= 1))
      throw new IllegalArgumentException("job.topP must be in (0,1], was " + topP);
    Objects.requireNonNull(tokenBudget, "job.tokenBudget");
    Objects.requireNonNull(config, "job.config");
  }

  /** A job with the paper's sampling (T = 1, no top-k/top-p), no budget, the paper's config. */
  public static SamplingJob of(
      int trajectories, Grid grid, int vocabularySize, long seed, double baseCfgScale) {
    return new SamplingJob(
        trajectories,
        grid,
        vocabularySize,
        seed,
        baseCfgScale,
        1.0,
        0,
        1.0,
        OptionalLong.empty(),
        SamplerConfig.paperDefaults());
  }

  public SamplingJob withSampling(double newTemperature, int newTopK, double newTopP) {
    return new SamplingJob(
        trajectories,
        grid,
        vocabularySize,
        seed,
        baseCfgScale,
        newTemperature,
        newTopK,
        newTopP,
        tokenBudget,
        config);
  }

  public SamplingJob withTokenBudget(long budget) {
    return new SamplingJob(
        trajectories,
        grid,
        vocabularySize,
        seed,
        baseCfgScale,
        temperature,
        topK,
        topP,
        OptionalLong.of(budget),
        config);
  }

  public SamplingJob withConfig(SamplerConfig newConfig) {
    return new SamplingJob(
        trajectories,
        grid,
        vocabularySize,
        seed,
        baseCfgScale,
        temperature,
        topK,
        topP,
        tokenBudget,
        newConfig);
  }

  public SamplingJob withTrajectories(int n) {
    return new SamplingJob(
        n, grid, vocabularySize, seed, baseCfgScale, temperature, topK, topP, tokenBudget, config);
  }
}
