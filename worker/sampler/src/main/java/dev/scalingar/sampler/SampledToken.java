package dev.scalingar.sampler;

/** The token a live trajectory sampled this step. */
public record SampledToken(int trajectory, int token) {}
