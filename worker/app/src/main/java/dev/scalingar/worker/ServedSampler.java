package dev.scalingar.worker;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.profile.Calibration;
import dev.scalingar.schemas.StrategyName;
import dev.scalingar.schemas.trace.Trace;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sampler configuration a worker serves, fixed when the model loads: {@code scalingar} runs
 * {@link SamplerConfig#served} with the model's calibration; {@code scalingar_paper}, the ablations
 * and the other strategies run the paper's values. The trace names what ran.
 *
 * @param calibration the loaded calibration, empty when none is shipped or it is turned off
 */
public record ServedSampler(SamplerConfig served, Optional<CalibrationFile> calibration) {

  /** No calibration: every strategy runs the paper's values (a model without one, or tests). */
  public static final ServedSampler PAPER =
      new ServedSampler(SamplerConfig.paperDefaults(), Optional.empty());

  /**
   * The model's calibration per {@code SCALINGAR_CALIBRATION}: {@code shipped} (the default: the
   * one shipped for the model, if any), {@code none}, or a file. It must have been fitted for the
   * served weights: one made for other weights stops the worker with both hashes named.
   */
  public static ServedSampler load(String setting, ImageModel model) {
    if (setting.equals("none") || !(model instanceof TransformerImageModel m)) return PAPER;
    Optional<CalibrationFile> file =
        CalibrationFile.forModel(
            m.info().name(),
            m.weightsSha256(),
            setting.equals("shipped") ? null : Path.of(setting));
    Calibration c = file.map(CalibrationFile::calibration).orElse(null);
    return new ServedSampler(SamplerConfig.served(c), file);
  }

  /** The config a job of this strategy runs with. */
  public SamplerConfig configFor(StrategyName strategy) {
    return strategy == StrategyName.SCALINGAR ? served : SamplerConfig.paperDefaults();
  }

  /** The trace's record of it. */
  public Trace.Sampler traceFor(StrategyName strategy) {
    if (strategy != StrategyName.SCALINGAR || calibration.isEmpty())
      return new Trace.Sampler(SamplerConfig.PAPER_ID, null, null);
    CalibrationFile c = calibration.get();
    return new Trace.Sampler(SamplerConfig.SERVED_ID, c.id(), c.weightsSha256());
  }
}
