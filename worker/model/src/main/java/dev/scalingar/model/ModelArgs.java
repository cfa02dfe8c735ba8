package dev.scalingar.model;

import java.util.List;
import java.util.Map;

/**
 * The shape of a LlamaGen-style GPT (names as in LlamaGen's {@code gpt.py} {@code ModelArgs}).
 *
 * @param dim model width
 * @param nLayer decoder blocks
 * @param nHead attention heads (head_dim = dim / nHead, even and divisible by 4 for 2D RoPE)
 * @param vocabSize image-token vocabulary (the tokenizer's codebook size)
 * @param gridSize image tokens per side; block_size = gridSize² image tokens per image
 * @param clsTokenNum text-prefix length (LlamaGen: cls_token_num)
 * @param textVocabSize words of the text prefix (0 for a model without a word table)
 * @param multipleOf SwiGLU hidden size is rounded up to a multiple of this
 * @param normEps RMSNorm epsilon
 * @param ropeBase rotary base
 * @param classDropoutProb prefix dropout in training (the null prefix replaces the prompt), for CFG
 * @param defaultCfgScale the guidance scale the model is served with by default
 * @param conditioning what the prefix is made of (words, a LlamaGen class, a LlamaGen caption) and
 *     how its positions are rotated; null (an older weights file) reads as {@link
 *     Conditioning#WORDS}
 * @param numClasses LlamaGen c2i: classes, the null class is the row after them (0 otherwise)
 * @param captionDim LlamaGen t2i: width of a caption token's embedding (FLAN-T5-XL: 2048; 0
 *     otherwise)
 */
public record ModelArgs(
    String name,
    int dim,
    int nLayer,
    int nHead,
    int vocabSize,
    int gridSize,
    int clsTokenNum,
    int textVocabSize,
    int multipleOf,
    double normEps,
    double ropeBase,
    double classDropoutProb,
    double defaultCfgScale,
    Conditioning conditioning,
    int numClasses,
    int captionDim) {

  /**
   * Rows of LlamaGen's {@code uncond_embedding}: CaptionEmbedder's token_num is fixed at 120
   * whatever cls_token_num is (fixtures' quirk Q6); the null caption is its first cls_token_num
   * rows.
   */
  public static final int CAPTION_TOKEN_NUM = 120;

  /** A ShapesWorld ({@link Conditioning#WORDS}) configuration. */
  public ModelArgs(
      String name,
      int dim,
      int nLayer,
      int nHead,
      int vocabSize,
      int gridSize,
      int clsTokenNum,
      int textVocabSize,
      int multipleOf,
      double normEps,
      double ropeBase,
      double classDropoutProb,
      double defaultCfgScale) {
    this(
        name,
        dim,
        nLayer,
        nHead,
        vocabSize,
        gridSize,
        clsTokenNum,
        textVocabSize,
        multipleOf,
        normEps,
        ropeBase,
        classDropoutProb,
        defaultCfgScale,
        Conditioning.WORDS,
        0,
        0);
  }

  public ModelArgs {
    conditioning = conditioning == null ? Conditioning.WORDS : conditioning;
    if (conditioning == Conditioning.CLASS && (numClasses < 1 || classDropoutProb <= 0)) {
      throw new IllegalArgumentException(
          name
              + ": a c2i model needs num_classes >= 1 and class_dropout_prob > 0"
              + " (LlamaGen has a null class, for CFG, only then)");
    }
    if (conditioning == Conditioning.CAPTION
        && (captionDim < 1 || clsTokenNum > CAPTION_TOKEN_NUM)) {
      throw new IllegalArgumentException(
          name
              + ": a t2i model needs caption_dim >= 1 and cls_token_num <= "
              + CAPTION_TOKEN_NUM
              + " (the rows of uncond_embedding)");
    }
    if (dim <= 0 || nLayer <= 0 || nHead <= 0 || dim % nHead != 0) {
      throw new IllegalArgumentException(name + ": dim must be a positive multiple of n_head");
    }
    if ((dim / nHead) % 4 != 0) {
      throw new IllegalArgumentException(
          name + ": head_dim must be divisible by 4 (2D rotary embedding)");
    }
    if (vocabSize < 2 || gridSize < 1 || clsTokenNum < 1 || multipleOf < 1) {
      throw new IllegalArgumentException(
          name + ": vocab_size >= 2, grid_size >= 1, cls_token_num >= 1");
    }
    if (classDropoutProb < 0 || classDropoutProb >= 1 || defaultCfgScale < 1) {
      throw new IllegalArgumentException(name + ": class_dropout_prob in [0,1), default CFG >= 1");
    }
  }

  /**
   * The same configuration under another name (what the fleet serves it as, e.g. llamagen-c2i-b).
   */
  public ModelArgs withName(String newName) {
    return new ModelArgs(
        newName,
        dim,
        nLayer,
        nHead,
        vocabSize,
        gridSize,
        clsTokenNum,
        textVocabSize,
        multipleOf,
        normEps,
        ropeBase,
        classDropoutProb,
        defaultCfgScale,
        conditioning,
        numClasses,
        captionDim);
  }

  public int headDim() {
    return dim / nHead;
  }

  /** Image tokens per image (LlamaGen: block_size). */
  public int blockSize() {
    return gridSize * gridSize;
  }

  /**
   * Positions a row's KV cache holds: the prefix plus every image token but the last (never fed).
   */
  public int maxSeqLen() {
    return clsTokenNum + blockSize() - 1;
  }

  /** SwiGLU hidden size, computed as LlamaGen's FeedForward does. */
  public int ffnHidden() {
    int hidden = (int) (2 * (4 * dim) / 3.0);
    return hidden % multipleOf == 0 ? hidden : hidden + multipleOf - hidden % multipleOf;
  }

  /** LlamaGen c2i: the class index of the CFG null class (LabelEmbedder's extra last row). */
  public int nullClass() {
    return numClasses;
  }

  /** Every tensor of the model, name → shape, in LlamaGen's checkpoint names. */
  public Map<String, long[]> tensorShapes() {
    var shapes = new java.util.LinkedHashMap<String, long[]>();
    // tok_embeddings first: Weights.initialise draws in this order, so shapes models keep their
    // seeds.
    shapes.put("tok_embeddings.weight", new long[] {vocabSize, dim});
    switch (conditioning) {
      case WORDS -> {
        if (textVocabSize > 0) {
          shapes.put("cls_embedding.embedding_table.weight", new long[] {textVocabSize, dim});
          shapes.put("cls_embedding.pos_embedding", new long[] {clsTokenNum, dim});
        }
        shapes.put("cls_embedding.uncond_embedding", new long[] {clsTokenNum, dim});
      }
      case CLASS ->
          shapes.put("cls_embedding.embedding_table.weight", new long[] {numClasses + 1L, dim});
      case CAPTION -> {
        shapes.put("cls_embedding.uncond_embedding", new long[] {CAPTION_TOKEN_NUM, captionDim});
        shapes.put("cls_embedding.cap_proj.fc1.weight", new long[] {dim, captionDim});
        shapes.put("cls_embedding.cap_proj.fc2.weight", new long[] {dim, dim});
      }
    }
    for (int i = 0; i < nLayer; i++) {
      String p = "layers." + i + ".";
      shapes.put(p + "attention_norm.weight", new long[] {dim});
      shapes.put(p + "attention.wqkv.weight", new long[] {3L * dim, dim});
      shapes.put(p + "attention.wo.weight", new long[] {dim, dim});
      shapes.put(p + "ffn_norm.weight", new long[] {dim});
      shapes.put(p + "feed_forward.w1.weight", new long[] {ffnHidden(), dim});
      shapes.put(p + "feed_forward.w3.weight", new long[] {ffnHidden(), dim});
      shapes.put(p + "feed_forward.w2.weight", new long[] {dim, ffnHidden()});
    }
    shapes.put("norm.weight", new long[] {dim});
    shapes.put("output.weight", new long[] {vocabSize, dim});
    return shapes;
  }

  public long parameterCount() {
    return tensorShapes().values().stream()
        .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b))
        .sum();
  }

  /**
   * The embedded default, trained here on ShapesWorld: 16×16 tokens, a 512-entry codebook, the
   * 8-word ShapesWorld prefix. Small enough to train on 2 CPU cores in under two hours.
   */
  public static ModelArgs shapesV1(int vocabSize, int textVocabSize, int prefixLength) {
    return shapes("shapes-v1", 192, 6, 6, vocabSize, textVocabSize, prefixLength);
  }

  /**
   * A ShapesWorld model of another width and depth (16×16 tokens, the word prefix, CFG 3.0, the
   * rest as {@code shapes-v1}): the scaling sweep's configurations and {@code shapes-v2}.
   */
  public static ModelArgs shapes(
      String name,
      int dim,
      int nLayer,
      int nHead,
      int vocabSize,
      int textVocabSize,
      int prefixLength) {
    return new ModelArgs(
        name,
        dim,
        nLayer,
        nHead,
        vocabSize,
        16,
        prefixLength,
        textVocabSize,
        64,
        1e-5,
        10000,
        0.1,
        3.0);
  }

  /**
   * LlamaGen's class-conditional B, L, XL as its c2i checkpoints were trained (gpt.py GPT_B/L/XL,
   * 16384 codes, 16×16 tokens at 256 px, 1000 ImageNet classes); {@code llamagen.LlamaGenArgs} has
   * t2i and any other resolution.
   */
  public static ModelArgs llamaGen(String size) {
    int[] s = llamaGenSize(size);
    return new ModelArgs(
        size,
        s[0],
        s[1],
        s[2],
        16384,
        16,
        1,
        0,
        256,
        1e-5,
        10000,
        0.1,
        4.0,
        Conditioning.CLASS,
        1000,
        0);
  }

  /** dim, n_layer, n_head of a LlamaGen size (gpt.py GPT_B/L/XL). */
  public static int[] llamaGenSize(String size) {
    return switch (size) {
      case "GPT-B" -> new int[] {768, 12, 12};
      case "GPT-L" -> new int[] {1024, 24, 16};
      case "GPT-XL" -> new int[] {1280, 36, 20};
      default ->
          throw new IllegalArgumentException(
              "unknown LlamaGen size '" + size + "'; known: " + LLAMAGEN);
    };
  }

  public static final List<String> LLAMAGEN = List.of("GPT-B", "GPT-L", "GPT-XL");
}
