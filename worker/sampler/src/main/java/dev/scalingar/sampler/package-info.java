/**
 * The ScalingAR sampler (docs/algorithm.md): confidence profile, termination gate, guidance
 * scheduler, selection, and the baselines, driven one step at a time by a batching engine.
 *
 * <p>This package holds the values that cross the module boundary: the job as the sampler sees it
 * ({@link dev.scalingar.sampler.SamplingJob}), the configuration ({@link
 * dev.scalingar.sampler.SamplerConfig}), what the engine hands in each step ({@link
 * dev.scalingar.sampler.StepInput}) and what it gets back ({@link
 * dev.scalingar.sampler.StepResult}, {@link dev.scalingar.sampler.TraceRow}, {@link
 * dev.scalingar.sampler.JobOutcome}). The strategies live in {@code .strategy}.
 *
 * <p>The module depends on the JDK only (the POM's enforcer rule fails the build otherwise): no
 * model, no I/O, no logging, no clock. Randomness is a {@link java.util.random.RandomGenerator} per
 * trajectory derived from the job seed ({@link dev.scalingar.sampler.TrajectorySeeds});
 * observability is the returned trace.
 */
package dev.scalingar.sampler;
