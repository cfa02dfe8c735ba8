package dev.scalingar.model;

/**
 * What the condition prefix of a {@link Transformer} is made of, and how its positions are rotated.
 * One field of {@link ModelArgs}: the transformer is the same for all three.
 */
public enum Conditioning {
  /**
   * ShapesWorld's word prefix ({@code shapes-v1}): a word table plus a learned prefix position
   * embedding, a learned null prefix for CFG, and the <em>identity</em> rotation at prefix
   * positions. Our documented deviation from LlamaGen (see the module README): LlamaGen's zero
   * rotation would make attention to the prompt order-blind, and our prompts need word order.
   */
  WORDS,
  /**
   * LlamaGen class-conditional ({@code model_type='c2i'}, LabelEmbedder): one class row of {@code
   * cls_embedding.embedding_table}, whose last row (index num_classes) is the CFG null class;
   * prefix positions get LlamaGen's all-zero rotary rows.
   */
  CLASS,
  /**
   * LlamaGen text-conditional ({@code model_type='t2i'}, CaptionEmbedder): caption embeddings
   * [cls_token_num, caption_dim] through {@code cls_embedding.cap_proj} (fc2 ∘ gelu_tanh ∘ fc1),
   * the null caption {@code cls_embedding.uncond_embedding}; left-padded captions with a key mask;
   * zero rotary rows at prefix positions.
   */
  CAPTION;

  /**
   * LlamaGen rotates condition positions by all-zero rows (its quirk Q1); ShapesWorld by the
   * identity.
   */
  public boolean zeroPrefixRotation() {
    return this != WORDS;
  }
}
