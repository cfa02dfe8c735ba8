package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.SampledToken;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.profile.ProfileConfig;
import dev.scalingar.sampler.sampling.GuidedDistribution;

/**
 * The sample stage of a step, one trajectory at a time: the guided distribution at the trajectory's
 * own CFG scale, the signals read from it, the token draw from the trajectory's own stream, and the
 * profile's phase 1. The one place a trajectory draws a token, whether it is live in a served job
 * or a benchmark's shadow.
 */
final class TokenSampler {

  private final SamplingJob job;
  private final boolean filtered; // signals read pi after top-k / top-p
  private final GuidedDistribution distribution; // scratch shared by all trajectory-steps

  TokenSampler(SamplingJob job, ProfileConfig profile) {
    this.job = job;
    // CHOICE (docs/algorithm.md "Profile level"): signals read pi before top-k/top-p by default
    filtered = profile.token().onFilteredDistribution();
    distribution = new GuidedDistribution(job.vocabularySize());
  }

  /** Rejects a row too short for the vocabulary, before any state changes. */
  void checkRow(TrajectoryLogits row) {
    checkLength("cond", row.cond(), row.condOffset(), row.trajectory());
    checkLength("uncond", row.uncond(), row.uncondOffset(), row.trajectory());
  }

  /**
   * Draws {@code tr}'s token at step {@code t} from {@code row}.
   *
   * @throws IllegalArgumentException when the logits hold NaN or +Infinity
   */
  SampledToken sample(Trajectory tr, TrajectoryLogits row, int t) {
    tr.cfgThisStep = tr.scheduler.scale();
    distribution.compute(
        row.cond(),
        row.condOffset(),
        row.uncond(),
        row.uncondOffset(),
        tr.cfgThisStep,
        job.temperature());
    distribution.filter(job.topK(), job.topP());
    double hn =
        filtered ? distribution.filteredNormalisedEntropy() : distribution.normalisedEntropy();
    double m = filtered ? distribution.filteredMargin() : distribution.margin();
    int token = distribution.draw(tr.random);
    double logProbability = distribution.logProbability(token);
    tr.record(token, distribution.selfCertainty(), logProbability);
    tr.profile.observe(t, hn, m, distribution.conditionalDivergence(), -logProbability);
    return new SampledToken(tr.index, token);
  }

  private void checkLength(String half, float[] logits, int offset, int trajectory) {
    int v = job.vocabularySize();
    if (offset + (long) v > logits.length) {
      throw new IllegalArgumentException(
          half
              + " logits of trajectory "
              + trajectory
              + " hold "
              + logits.length
              + " floats, need "
              + v
              + " from offset "
              + offset);
    }
  }
}
