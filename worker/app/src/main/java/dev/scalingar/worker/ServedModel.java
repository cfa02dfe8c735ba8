package dev.scalingar.worker;

import dev.scalingar.engine.model.ImageModel;

/**
 * One model a worker serves: its name (what a job spec's {@code model} says), the loaded model and
 * the sampler configuration fixed for it at load (its calibration).
 */
public record ServedModel(String name, ImageModel model, ServedSampler sampler)
    implements AutoCloseable {

  public ServedModel {
    if (name == null || name.isBlank() || model == null || sampler == null) {
      throw new IllegalArgumentException("name, model and sampler are required");
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
