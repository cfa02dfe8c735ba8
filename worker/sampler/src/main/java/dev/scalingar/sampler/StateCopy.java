package dev.scalingar.sampler;

/**
 * Importance sampling's resampling: before the next step, trajectory {@code destination} takes over
 * the state of {@code source} (the engine copies the KV cache; the sampler has already copied
 * tokens and confidence profile). A source is never a destination in the same step, so the copies
 * of one step may run in any order. The destination keeps its own random stream.
 */
public record StateCopy(int source, int destination) {}
