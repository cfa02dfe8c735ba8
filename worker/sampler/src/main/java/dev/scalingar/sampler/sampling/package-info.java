/**
 * Sampling (docs/algorithm.md "Profile level", first line): the guided distribution {@code pi =
 * softmax((lu + s·(lc − lu)) / T)}, the statistics the profile reads from it, the conditional
 * divergence KL(pc‖pu), top-k/top-p filtering and the draw. This is the hot loop of the sampler: a
 * few passes over the vocabulary per trajectory-step, no allocation.
 */
package dev.scalingar.sampler.sampling;
