package dev.scalingar.engine;

import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;

/**
 * A job handed to the engine: what to sample ({@code prompt}, strategy and its {@link SamplingJob})
 * and the caller's {@code attachment}, given back with every report about the job (the worker keeps
 * the Kafka record's coordinates there, the bench its prompt).
 *
 * @param <A> what the caller attaches
 */
public record EngineJob<A>(
    String jobId, String prompt, Strategy strategy, SamplingJob sampling, A attachment) {

  public EngineJob {
    if (jobId == null
        || jobId.isBlank()
        || prompt == null
        || strategy == null
        || sampling == null) {
      throw new IllegalArgumentException("jobId, prompt, strategy and sampling are required");
    }
  }
}
