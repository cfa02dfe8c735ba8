package dev.scalingar.sampler;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The score best-of-N and importance sampling rank trajectories by (higher is better). The paper
 * used an external reward model (ImageReward); this project's default is reward-free.
 */
@FunctionalInterface
public interface Reward {

  double score(RewardInput trajectory);

  /** Default: mean self-certainty, the KL from uniform to pi averaged over steps. */
  static Reward selfCertainty() {
    return RewardInput::meanSelfCertainty;
  }

  /** Mean log-probability of the sampled tokens ({@code bon_logprob}). */
  static Reward meanLogProbability() {
    return RewardInput::meanLogProbability;
  }

  /**
   * An ORACLE: the benchmark's own scorer of the token grid. An upper bound for reporting ({@code
   * oracle_bon}), never a default. At importance-sampling checkpoints it receives the prefix
   * sampled so far.
   */
  static Reward oracle(ToDoubleFunction<int[]> scorer) {
    Objects.requireNonNull(scorer, "scorer");
    return in -> scorer.applyAsDouble(in.tokens());
  }
}
