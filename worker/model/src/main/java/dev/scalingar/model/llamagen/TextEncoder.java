package dev.scalingar.model.llamagen;

/**
 * The text encoder of a LlamaGen t2i model (FLAN-T5-XL in LlamaGen, sample_t2i.py): a caption to
 * one embedding per token. The worker is given one; without one a t2i model does not load. (A T5
 * port is a later issue.)
 */
public interface TextEncoder {

  /** Width of a token's embedding; must equal the model's caption_dim (FLAN-T5-XL: 2048). */
  int dim();

  /**
   * The caption's token embeddings [tokens][dim], in order, no padding (the model left-pads them to
   * cls_token_num, as sample_t2i.py does). Throws {@link IllegalArgumentException} for a caption it
   * cannot encode.
   */
  float[][] encode(String caption);
}
