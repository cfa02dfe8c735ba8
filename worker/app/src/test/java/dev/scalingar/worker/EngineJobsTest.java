package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.ScriptedModel;
import dev.scalingar.engine.model.ModelInfo;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a spec leaves open takes the serving model's default; what it says wins. */
class EngineJobsTest {

  /** LlamaGen c2i's own sampler: CFG 4.0, top-k 2000, on a 16×16 grid of 16,384 codes. */
  private static final ServedModel C2I =
      new ServedModel(
          "llamagen-c2i-b",
          new ScriptedModel(
              new ModelInfo("llamagen-c2i-b", 16_384, 16, 16, 4.0, 64, 2000),
              ScriptedModel.peakedExcept()),
          ServedSampler.PAPER);

  private static SamplingJob sampling(String json) {
    JobSpec spec = WireCodec.decodeSpec(json.getBytes(StandardCharsets.UTF_8));
    return EngineJobs.sampling(C2I, new JobRequest("j-1", "acme", Instant.EPOCH, spec));
  }

  @Test
  void anOmittedTopKAndCfgScaleAreTheModelsOwn() {
    SamplingJob job = sampling("{\"prompt\": \"207\"}");
    assertThat(job.topK()).isEqualTo(2000);
    assertThat(job.baseCfgScale()).isEqualTo(4.0);
    assertThat(job.grid().height()).isEqualTo(16);
    assertThat(job.vocabularySize()).isEqualTo(16_384);
  }

  @Test
  void whatTheSpecSaysWinsAndZeroStillTurnsTopKOff() {
    SamplingJob job = sampling("{\"prompt\": \"207\", \"top_k\": 0, \"cfg_scale\": 2.5}");
    assertThat(job.topK()).isZero();
    assertThat(job.baseCfgScale()).isEqualTo(2.5);
    assertThat(sampling("{\"prompt\": \"207\", \"top_k\": 50}").topK()).isEqualTo(50);
  }

  @Test
  void aJobWithoutSeedGetsOneFromItsIdSoARedeliverySamplesTheSameImage() {
    assertThat(sampling("{\"prompt\": \"207\"}").seed())
        .isEqualTo(sampling("{\"prompt\": \"207\"}").seed())
        .isEqualTo("j-1".hashCode() & 0x7fffffffL);
  }
}
