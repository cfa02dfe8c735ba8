package dev.scalingar.engine;

import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;

/**
 * A job handed to the engine: what to sample ({@code prompt}, strategy and its {@link SamplingJob})
 * and an opaque {@code attachment} the caller gets back with every report about the job (the
 * worker keeps the Kafka record's coordinates there).
 */
public record EngineJob(String jobId, String prompt, Strategy strategy, SamplingJob sampling, Object attachment) {

  public EngineJob {
    if (jobId == null || jobId.isBlank() || prompt == null || strategy == null || sampling == null) {
      throw new IllegalArgumentException("jobId, prompt, strategy and sampling are required");
    }
  }
}
