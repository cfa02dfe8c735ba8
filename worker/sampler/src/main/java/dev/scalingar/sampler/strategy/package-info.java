/**
 * The strategies (ScalingAR, its ablations, and the baselines base, best-of-N and importance
 * sampling) behind one interface a continuous-batching engine drives step by step: {@link
 * dev.scalingar.sampler.strategy.Strategy} starts a {@link
 * dev.scalingar.sampler.strategy.JobSession} per job; the engine feeds it each step's logits and
 * applies what comes back (ended trajectories, state copies). The sampler never calls a model.
 */
package dev.scalingar.sampler.strategy;
