package dev.scalingar.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * ShapesWorld's prefix: exactly cls_token_num word ids per prompt, the learned null prefix for the
 * null row.
 */
public final class WordPrefix implements PrefixEncoder {

  private final TransformerImageModel.PromptEncoder words;
  private final int length;

  public WordPrefix(TransformerImageModel.PromptEncoder words, int length) {
    this.words = words;
    this.length = length;
  }

  @Override
  public void validate(String prompt) {
    int[] ids = words.encode(prompt);
    if (ids.length != length) {
      throw new IllegalArgumentException(
          "prompt encodes to " + ids.length + " words; the model's prefix holds " + length);
    }
  }

  @Override
  public Prefix encode(Transformer model, List<String> prompts) {
    int n = prompts.size();
    long[] ids = new long[2 * n * length];
    float[] conditional = new float[2 * n];
    for (int i = 0; i < n; i++) {
      int[] encoded = words.encode(prompts.get(i));
      for (int j = 0; j < length; j++) {
        ids[2 * i * length + j] = encoded[j];
      }
      conditional[2 * i] = 1;
    }
    NDManager m = model.weights().get("norm.weight").getManager();
    return new Prefix(
        model.embedPrefix(m.create(ids, new Shape(2L * n, length)), m.create(conditional)), null);
  }
}
