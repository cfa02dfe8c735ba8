package dev.scalingar.model.llamagen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scalingar.model.PrefixEncoder;
import dev.scalingar.model.Transformer;
import java.util.List;
import java.util.Objects;

/**
 * A LlamaGen t2i prefix: the caption's token embeddings from a {@link TextEncoder}, left-padded
 * with zeros to cls_token_num (valid tokens last, as sample_t2i.py arranges them, a caption longer
 * than that keeps its first cls_token_num tokens as T5's max_length does), with a key mask hiding
 * the padding. The null row is the null caption (uncond_embedding's first cls_token_num rows) with
 * the conditional row's mask, as generate.py does.
 */
public final class CaptionPrefix implements PrefixEncoder {

  private final TextEncoder encoder;

  public CaptionPrefix(TextEncoder encoder) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  @Override
  public void validate(String prompt) {
    if (encoder.encode(prompt).length == 0) {
      throw new IllegalArgumentException("the caption encodes to no tokens");
    }
  }

  @Override
  public Prefix encode(Transformer model, List<String> prompts) {
    int n = prompts.size();
    int p = model.args().clsTokenNum();
    int c = model.args().captionDim();
    float[] captions = new float[n * p * c];
    float[][] valid = new float[2 * n][];
    for (int i = 0; i < n; i++) {
      float[][] tokens = encoder.encode(prompts.get(i));
      int t = Math.min(tokens.length, p);
      float[] mask = new float[p];
      for (int k = 0; k < t; k++) {
        if (tokens[k].length != c) {
          throw new IllegalArgumentException(
              "the text encoder gives "
                  + tokens[k].length
                  + "-wide embeddings, the model needs "
                  + c);
        }
        int at = p - t + k; // left padding: the caption's tokens end the prefix
        System.arraycopy(tokens[k], 0, captions, (i * p + at) * c, c);
        mask[at] = 1;
      }
      valid[2 * i] = mask;
      valid[2 * i + 1] = mask.clone();
    }
    NDManager m = model.weights().get("norm.weight").getManager();
    NDArray cond = m.create(captions, new Shape(n, 1, p, c));
    NDArray nul = model.nullCaption().reshape(1, 1, p, c).repeat(0, n);
    NDArray rows = cond.concat(nul, 1).reshape(2L * n, p, c); // cond, null, cond, null, ...
    return new Prefix(model.embedCaptions(rows), valid);
  }
}
