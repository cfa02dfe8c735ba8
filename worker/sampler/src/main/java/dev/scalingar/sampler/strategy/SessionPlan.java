package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.Reward;
import dev.scalingar.sampler.profile.ProfileConfig;

/**
 * What a session does, as a strategy sets it up: one session implementation covers every strategy,
 * switched by these flags.
 *
 * @param trajectories N as run
 * @param profile the profile config after the strategy's ablation
 * @param gate the termination gate prunes
 * @param scheduler the guidance scheduler sets each trajectory's CFG (else s_base throughout)
 * @param reward the reward (ranking for best-of-N and IS; reported for the others)
 * @param selectByReward select the highest reward; else the highest final C
 * @param resample importance resampling at the checkpoints
 */
public record SessionPlan(
    String name,
    int trajectories,
    ProfileConfig profile,
    boolean gate,
    boolean scheduler,
    Reward reward,
    boolean selectByReward,
    boolean resample) {}
