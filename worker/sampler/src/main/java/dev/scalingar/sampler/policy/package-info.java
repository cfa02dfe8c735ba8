/**
 * Policy level (docs/algorithm.md "Policy level"): the job-wide termination gate (warm-up, quantile
 * threshold, probation, recovery) and the per-trajectory guidance scheduler. They read confidence
 * states and decide; they never touch logits or randomness.
 */
package dev.scalingar.sampler.policy;
