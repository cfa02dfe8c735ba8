package dev.scalingar.engine.model;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * A model that forwards every call to another, so that a wrapper (a meter, a fault hook, a test's
 * counter) overrides only the calls it changes. {@link #close()} closes the wrapped model; a
 * wrapper that does not own it overrides that too.
 */
public abstract class ForwardingImageModel implements ImageModel {

  protected final ImageModel model;

  protected ForwardingImageModel(ImageModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  @Override
  public void validatePrompt(String prompt) {
    model.validatePrompt(prompt);
  }

  @Override
  public GuidedLogits prefill(List<Prefill> trajectories) {
    return model.prefill(trajectories);
  }

  @Override
  public GuidedLogits step(List<Decode> trajectories) {
    return model.step(trajectories);
  }

  /**
   * Forwards the fused call as it is, so the wrapped model keeps its single call: a wrapper that
   * overrides {@link #prefill} or {@link #step} must override this too.
   */
  @Override
  public StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
    return model.forward(prefills, decodes);
  }

  @Override
  public void release(int... rows) {
    model.release(rows);
  }

  @Override
  public void copyRow(int src, int dst) {
    model.copyRow(src, dst);
  }

  @Override
  public StepCost stepCost() {
    return model.stepCost();
  }

  @Override
  public BufferedImage decode(int[] grid) {
    return model.decode(grid);
  }

  @Override
  public void close() {
    model.close();
  }
}
