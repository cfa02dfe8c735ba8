package dev.scalingar.engine.model;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The model as the engine sees it (docs/design.md): rows of a fixed capacity, each with its own KV
 * cache and its own position; a trajectory is a pair of rows, conditional and unconditional, so
 * logits always come back as the two halves classifier-free guidance needs. Implementations are not
 * thread-safe: one engine thread drives one model.
 */
public interface ImageModel extends AutoCloseable {

  ModelInfo info();

  /**
   * Checks that {@code prompt} can be encoded by this model's text prefix; throws {@link
   * IllegalArgumentException} with a readable reason when not (the job then fails as an invalid
   * request instead of occupying slots).
   */
  void validatePrompt(String prompt);

  /**
   * Writes each trajectory's prefix into its rows (the prompt into the conditional row, the learned
   * null prefix into the unconditional row) and returns the logits for image token 0.
   */
  GuidedLogits prefill(List<Prefill> trajectories);

  /**
   * One batched decoding step: every trajectory feeds the token it sampled for image position
   * {@code position} and gets the logits for position {@code position + 1}. Trajectories may be at
   * different positions and belong to different jobs.
   */
  GuidedLogits step(List<Decode> trajectories);

  /**
   * One engine step's prefills and decodes: what {@link #prefill} and {@link #step} return for
   * them, in one model call where the model can run both sets of rows together (a transformer runs
   * them through each layer's projections at once, so a step that admits a job pays no call of its
   * own for the prompts). Either list may be empty, and its half of the result is then null.
   * Default: {@link #prefill}, then {@link #step}.
   */
  default StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
    return new StepLogits(
        prefills.isEmpty() ? null : prefill(prefills), decodes.isEmpty() ? null : step(decodes));
  }

  /** Frees rows (their cache is reused by later prefills). */
  void release(int... rows);

  /** Copies row {@code src}'s cache into row {@code dst} (importance resampling). */
  void copyRow(int src, int dst);

  /**
   * How a decoding step's cost grows with its trajectories and their positions; the engine's
   * cost-aware admission plans with it. Default: {@link StepCost#PER_TRAJECTORY}.
   */
  default StepCost stepCost() {
    return StepCost.PER_TRAJECTORY;
  }

  /** Decodes a finished token grid (raster order, h·w tokens) to an image. */
  BufferedImage decode(int[] grid);

  @Override
  void close();

  /** A trajectory's two rows. */
  record Rows(int cond, int uncond) {}

  record Prefill(Rows rows, String prompt) {}

  /** {@code position} is the image-token index of {@code token} (0 = first image token). */
  record Decode(Rows rows, int position, int token) {}

  /**
   * A {@link #forward} call's logits: the prefilled trajectories' for image token 0, the decoded
   * ones' for their next token; null where that list was empty.
   */
  record StepLogits(GuidedLogits prefill, GuidedLogits decode) {}

  /** Logits per trajectory, in the order of the request, conditional and unconditional halves. */
  record GuidedLogits(float[][] cond, float[][] uncond) {
    public int size() {
      return cond.length;
    }
  }
}
