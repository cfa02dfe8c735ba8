package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Turns prompts into the condition prefix of a trajectory's two rows, in the form the model's
 * {@link Conditioning} needs: ShapesWorld words, a LlamaGen class, a LlamaGen caption. Runs inside
 * the caller's {@code NDScope}.
 */
public interface PrefixEncoder {

  /**
   * Throws {@link IllegalArgumentException} with a readable reason when {@code prompt} cannot be
   * encoded.
   */
  void validate(String prompt);

  /**
   * The prefix of {@code 2·prompts.size()} rows, each prompt's conditional row followed by its null
   * row, for {@code model}.
   */
  Prefix encode(Transformer model, List<String> prompts);

  /**
   * @param embeddings [2n, P, dim]
   * @param keyValid per row, which of the P prefix positions may be attended (1) or are padding
   *     (0); null when every position may be (no padding)
   */
  record Prefix(NDArray embeddings, float[][] keyValid) {}
}
