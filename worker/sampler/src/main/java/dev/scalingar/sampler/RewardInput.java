package dev.scalingar.sampler;

/**
 * What a reward may read about one trajectory: its tokens so far and two reward-free statistics of
 * its guided distributions.
 *
 * @param tokens the tokens sampled so far, raster order (the full grid at the end, a prefix at an
 *     importance-sampling checkpoint); a fresh copy
 * @param meanSelfCertainty mean over its steps of KL(U‖pi) (Kang et al. 2025)
 * @param meanLogProbability mean over its steps of ln pi(token) (before top-k/top-p)
 */
public record RewardInput(
    int trajectory, int[] tokens, double meanSelfCertainty, double meanLogProbability) {}
