package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.scalingar.engine.Admission;
import dev.scalingar.engine.Engine;
import dev.scalingar.engine.EngineJob;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ForwardingImageModel;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.strategy.Strategy;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The engine moves trajectories that are still decoding down into the slots pruned ones left
 * ({@link EngineOptions#compactRows()}). On the real model, with the served gate pruning, the moved
 * trajectories must draw exactly the images they would have drawn where they were: the cache rows
 * and their prefix padding move with them.
 */
class EngineCompactionTest {

  @Test
  void movedTrajectoriesDrawTheImagesTheyWouldHaveDrawnInPlace() {
    Run compacted = run(true);
    Run inPlace = run(false);
    assertThat(compacted.moves).as("row copies with compaction").isPositive();
    assertThat(inPlace.moves).as("row copies without").isZero();
    assertThat(compacted.pruned).as("the served gate pruned").isPositive();
    assertThat(compacted.pruned).isEqualTo(inPlace.pruned);
    assertThat(compacted.tokens.keySet()).containsExactly("j-1", "j-2");
    compacted.tokens.forEach(
        (job, tokens) -> assertThat(tokens).isEqualTo(inPlace.tokens.get(job)));
  }

  record Run(long moves, long pruned, Map<String, int[]> tokens) {}

  static Run run(boolean compact) {
    try (TransformerImageModel model =
        ShapesModels.loadShipped("shapes-v2", 16, Device.cpu(), DecodeGroups.CPU)) {
      CountingCopies counted = new CountingCopies(model);
      SamplerConfig served =
          SamplerConfig.served(
              CalibrationFile.shippedFor("shapes-v2", model.weightsSha256())
                  .orElseThrow()
                  .calibration());
      Engine<String> engine =
          new Engine<>(
              counted,
              EngineOptions.defaults().withAdmission(Admission.STATIC).withCompactRows(compact));
      Grid grid = new Grid(model.info().gridH(), model.info().gridW());
      for (int j = 1; j <= 2; j++) {
        SamplingJob sampling =
            SamplingJob.of(4, grid, model.info().vocabSize(), j, model.info().defaultCfgScale())
                .withConfig(served);
        engine.submit(
            new EngineJob<>(
                "j-" + j,
                j == 1 ? "a red circle above a blue square" : "three squares",
                Strategy.named("scalingar"),
                sampling,
                "j-" + j));
      }
      Map<String, int[]> tokens = new TreeMap<>();
      long pruned = 0;
      for (int i = 0; i < 2_000 && !engine.isIdle(); i++) {
        StepReport<String> r = engine.step();
        pruned += r.pruned().size();
        r.finished().forEach(f -> tokens.put(f.job().jobId(), f.outcome().tokens()));
      }
      assertThat(engine.isIdle()).isTrue();
      return new Run(counted.copies, pruned, tokens);
    }
  }

  /** The model, counting the engine's row copies (the served gate resamples nothing). */
  static final class CountingCopies extends ForwardingImageModel {
    long copies;

    CountingCopies(ImageModel model) {
      super(model);
    }

    @Override
    public void copyRow(int src, int dst) {
      copies++;
      model.copyRow(src, dst);
    }

    /** The wrapped model is closed by its try-with-resources. */
    @Override
    public void close() {}
  }
}
