package dev.scalingar.worker;

import dev.scalingar.engine.EngineJob;
import dev.scalingar.engine.model.ModelInfo;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;

/**
 * A job request resolved against the model that serves it: what the spec leaves to the model (CFG
 * scale, top-k) takes the model's own default, so a LlamaGen c2i job without {@code top_k} samples
 * with LlamaGen's 2000 and a shapes job with none.
 */
final class EngineJobs {

  private EngineJobs() {}

  static <A> EngineJob<A> of(ServedModel served, JobRequest request, A attachment) {
    JobSpec spec = request.spec();
    return new EngineJob<>(
        request.jobId(),
        spec.prompt(),
        Strategy.named(spec.strategy().wireName()),
        sampling(served, request),
        attachment);
  }

  static SamplingJob sampling(ServedModel served, JobRequest request) {
    ModelInfo info = served.model().info();
    JobSpec spec = request.spec();
    // A job without a seed gets one from its id, so a redelivery samples the same image.
    long seed = spec.seed().orElse(request.jobId().hashCode() & 0x7fffffffL);
    return new SamplingJob(
        spec.n(),
        new Grid(info.gridH(), info.gridW()),
        info.vocabSize(),
        seed,
        spec.cfgScale().orElse(info.defaultCfgScale()),
        spec.temperature(),
        spec.topK().orElse(info.defaultTopK()),
        spec.topP(),
        spec.tokenBudget(),
        served.sampler().configFor(spec.strategy()));
  }
}
