package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder (LlamaGen Transformer): condition prefix, image-token embedding, blocks of RMSNorm →
 * attention → residual → RMSNorm → SwiGLU → residual, final norm and output head. Sequence layout:
 * [prefix (cls_token_num positions), image tokens 0 .. L-2]; the logits at sequence index P-1+t
 * predict image token t. What the prefix is made of, and how its positions are rotated, is {@link
 * ModelArgs#conditioning()}.
 *
 * <p>A prefix key mask ({@code prefixValid}, [R, P], 1 = attend, null = all) hides the padding of
 * LlamaGen's left-padded captions as generate.py does: key columns of the prefix multiplied by the
 * caption's mask, with the diagonal kept, so a padded query sees itself (no fully masked row).
 */
public final class Transformer implements AutoCloseable {

  private static final float MASKED = -1e9f;

  private final Weights weights;
  private final ModelArgs args;
  private final Rope2d rope;
  private final NDArray causalMask; // [P+L, P+L] additive
  private final NDArray offDiagonal; // [P, P] 1 off the diagonal, 0 on it
  private final List<Layer> layers;
  private final NDArray tokEmbeddings;
  private final NDArray norm;
  private final NDArray output;

  public Transformer(Weights weights, NDManager manager) {
    this.weights = weights;
    this.args = weights.args();
    this.rope = new Rope2d(manager, args);
    // One position more than the cache holds: the full forward pass over all L tokens (the
    // fixtures'
    // naive path) has a row for the 'token after the last'.
    int t = args.maxSeqLen() + 1;
    float[] m = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        m[i * t + j] = MASKED;
      }
    }
    this.causalMask = manager.create(m, new Shape(t, t));
    int p = args.clsTokenNum();
    this.offDiagonal = manager.eye(p).neg().add(1);
    this.layers =
        java.util.stream.IntStream.range(0, args.nLayer())
            .mapToObj(i -> Layer.of(weights, i))
            .toList();
    this.tokEmbeddings = weights.get("tok_embeddings.weight");
    this.norm = weights.get("norm.weight");
    this.output = weights.get("output.weight");
  }

  public ModelArgs args() {
    return args;
  }

  public Weights weights() {
    return weights;
  }

  /**
   * ShapesWorld prefix embeddings [R, P, dim]: each conditional row's words plus the prefix
   * position embedding; each unconditional row the learned null prefix (uncond_embedding).
   *
   * @param wordIds [R, P] int64 word ids (ignored where {@code conditional} is 0)
   * @param conditional [R] float 1 for a prompt row, 0 for a null-prefix row
   */
  public NDArray embedPrefix(NDArray wordIds, NDArray conditional) {
    long rows = wordIds.getShape().get(0);
    NDArray words =
        weights
            .get("cls_embedding.embedding_table.weight")
            .get(new NDIndex("{}", wordIds.flatten()))
            .reshape(rows, args.clsTokenNum(), args.dim())
            .add(weights.get("cls_embedding.pos_embedding"));
    NDArray nul = weights.get("cls_embedding.uncond_embedding").expandDims(0);
    NDArray keep = conditional.reshape(rows, 1, 1);
    return words.mul(keep).add(nul.mul(keep.neg().add(1)));
  }

  /**
   * LlamaGen c2i prefix [R, 1, dim] (LabelEmbedder): the class rows of the embedding table; the
   * null class, for CFG, is {@link ModelArgs#nullClass()}.
   *
   * @param classIds [R] int64
   */
  public NDArray embedClasses(NDArray classIds) {
    long rows = classIds.getShape().get(0);
    return weights
        .get("cls_embedding.embedding_table.weight")
        .get(new NDIndex("{}", classIds))
        .reshape(rows, 1, args.dim());
  }

  /**
   * LlamaGen t2i prefix [R, P, dim] (CaptionEmbedder): {@code fc2(gelu_tanh(fc1(caption)))} per
   * token. A null row is {@link #nullCaption()} through the same projection, as generate.py does.
   *
   * @param captions [R, P, caption_dim] float, left-padded with zeros
   */
  public NDArray embedCaptions(NDArray captions) {
    NDArray h = Linear.apply(captions, weights.get("cls_embedding.cap_proj.fc1.weight"));
    return Linear.apply(geluTanh(h), weights.get("cls_embedding.cap_proj.fc2.weight"));
  }

  /**
   * The null caption [P, caption_dim]: the first cls_token_num rows of uncond_embedding (quirk Q6).
   */
  public NDArray nullCaption() {
    return weights
        .get("cls_embedding.uncond_embedding")
        .get(new NDIndex(":{}", args.clsTokenNum()));
  }

  // torch's GELU(approximate='tanh'): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
  private static NDArray geluTanh(NDArray x) {
    NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5f);
  }

  /** Image-token embeddings of int64 tokens of any shape: [..., dim]. */
  NDArray embedTokens(NDArray tokens) {
    Shape s = tokens.getShape();
    NDArray flat = tokEmbeddings.get(new NDIndex("{}", tokens.flatten()));
    return flat.reshape(s.addAll(new Shape(args.dim())));
  }

  /**
   * Training / full forward: prefix [B, P, dim] and image tokens [B, L-1] (int64) → logits [B, L,
   * V] for image tokens 0..L-1.
   */
  public NDArray forward(NDArray prefix, NDArray imageTokens) {
    return forwardSequence(prefix, imageTokens, null)
        .logits()
        .get(new NDIndex(":, {}:", args.clsTokenNum() - 1));
  }

  /**
   * What a full forward pass computes at every position: each block's output, the final norm, the
   * logits.
   */
  public record Sequence(List<NDArray> blockOutputs, NDArray normed, NDArray logits) {}

  /**
   * The full forward pass at every sequence position (LlamaGen's naive path, {@code model(idx,
   * cond_idx, input_pos=arange(T))} in eval mode): logits [B, P+n, V] for prefix [B, P, dim] and
   * image tokens [B, n].
   *
   * @param prefixValid [B, P] float, 1 where a prefix key may be attended; null = every key
   */
  public Sequence forwardSequence(NDArray prefix, NDArray imageTokens, NDArray prefixValid) {
    NDArray h = prefix.concat(embedTokens(imageTokens), 1);
    int t = Math.toIntExact(h.getShape().get(1));
    NDArray[] table = rope.forSequence(t);
    NDArray mask = withPrefixMask(causalMask.get(new NDIndex(":{}, :{}", t, t)), prefixValid, t);
    List<NDArray> blocks = new ArrayList<>();
    h = blocks(h, table, (layer, q, k, v) -> selfAttention(q, k, v, mask), blocks);
    NDArray normed = RMSNorm.apply(h, norm, args.normEps());
    return new Sequence(List.copyOf(blocks), normed, Linear.apply(normed, output));
  }

  /**
   * Runs the prefix through the blocks, stores its keys and values in {@code rows}; logits [R, V]
   * for image token 0.
   */
  NDArray prefill(KVCache cache, NDArray rows, NDArray prefix) {
    return prefill(cache, rows, prefix, null);
  }

  /**
   * {@link #prefill(KVCache, NDArray, NDArray)} with a prefix key mask [R, P] (null = every key).
   */
  NDArray prefill(KVCache cache, NDArray rows, NDArray prefix, NDArray prefixValid) {
    int p = args.clsTokenNum();
    long r = rows.getShape().get(0);
    PrefixAttention attention = new PrefixAttention(cache, rows, prefixValid);
    NDArray h =
        blocks(
            prefix, rope.forSequence(p), (layer, q, k, v) -> attention.heads(layer, q, k, v), null);
    return head(h.get(new NDIndex(":, {}:", p - 1))).reshape(r, args.vocabSize());
  }

  /**
   * One decoding step: row r feeds {@code tokens[r]} at sequence index {@code seqPos[r]} and
   * attends to its own cache up to there; logits [R, V] for the following image token.
   */
  NDArray decode(KVCache cache, NDArray rows, NDArray seqPos, NDArray tokens, int maxSeqPos) {
    return decode(cache, rows, seqPos, tokens, maxSeqPos, null);
  }

  /**
   * {@link #decode(KVCache, NDArray, NDArray, NDArray, int)} with each row's prefix key mask [R, P]
   * (null = every key).
   */
  NDArray decode(
      KVCache cache,
      NDArray rows,
      NDArray seqPos,
      NDArray tokens,
      int maxSeqPos,
      NDArray prefixValid) {
    long r = rows.getShape().get(0);
    CachedAttention attention = new CachedAttention(cache, rows, seqPos, maxSeqPos, prefixValid);
    NDArray h = embedTokens(tokens).reshape(r, 1, args.dim());
    h = blocks(h, rope.forPositions(seqPos), attention::heads, null);
    return head(h).reshape(r, args.vocabSize());
  }

  /**
   * A call that prefills some rows and decodes others (a step that admits a job beside running
   * ones): logits [Rp + Rd, V], the prefilled rows' for image token 0 and then the decoded rows'
   * for their next token, each as {@link #prefill} and {@link #decode} would return them. Every
   * token of the call, the Rp·P prefix tokens and the Rd image tokens, goes through each block's
   * projections and feed-forward as one batch [Rp·P + Rd, 1, dim], so the weights are read and the
   * operators dispatched once; only attention is split, the prefix rows over their own prefix and
   * the decoded rows over their caches.
   *
   * @param prefillRows [Rp] cache rows to prefill
   * @param prefix [Rp, P, dim] their prefix embeddings
   * @param prefillValid [Rp, P] their prefix key masks, or null
   * @param decodeRows [Rd] cache rows to decode; with {@code seqPos}, {@code tokens}, {@code
   *     maxSeqPos} and {@code decodeValid} as {@link #decode} takes them
   */
  NDArray prefillAndDecode(
      KVCache cache,
      NDArray prefillRows,
      NDArray prefix,
      NDArray prefillValid,
      NDArray decodeRows,
      NDArray seqPos,
      NDArray tokens,
      int maxSeqPos,
      NDArray decodeValid) {
    int p = args.clsTokenNum();
    int dim = args.dim();
    long rp = prefillRows.getShape().get(0);
    long rd = decodeRows.getShape().get(0);
    long np = rp * p;
    NDManager m = tokens.getManager();
    PrefixAttention prefixAttention = new PrefixAttention(cache, prefillRows, prefillValid);
    CachedAttention cached = new CachedAttention(cache, decodeRows, seqPos, maxSeqPos, decodeValid);
    NDArray h = prefix.reshape(np, 1, dim).concat(embedTokens(tokens).reshape(rd, 1, dim), 0);
    NDArray positions =
        m.arange(0, p, 1, DataType.INT64).expandDims(0).repeat(0, rp).flatten().concat(seqPos);
    NDIndex prefixTokens = new NDIndex(":{}", np);
    NDIndex imageTokens = new NDIndex("{}:", np);
    h =
        blocks(
            h,
            rope.forPositions(positions),
            (layer, q, k, v) -> {
              NDArray fromPrefix =
                  prefixAttention.heads(
                      layer,
                      q.get(prefixTokens).reshape(rp, p, args.nHead(), args.headDim()),
                      k.get(prefixTokens).reshape(rp, p, args.nHead(), args.headDim()),
                      v.get(prefixTokens).reshape(rp, p, args.nHead(), args.headDim()));
              NDArray fromCache =
                  cached.heads(layer, q.get(imageTokens), k.get(imageTokens), v.get(imageTokens));
              return fromPrefix.reshape(np, 1, dim).concat(fromCache, 0);
            },
            null);
    NDArray lastOfPrefix = h.get(prefixTokens).reshape(rp, p, dim).get(new NDIndex(":, -1:"));
    NDArray next = lastOfPrefix.concat(h.get(imageTokens), 0); // [Rp + Rd, 1, dim]
    return head(next).reshape(rp + rd, args.vocabSize());
  }

  /**
   * How prefilled rows attend: each over its own prefix (causal, with its key mask), and the keys
   * and values are written to the rows' cache on the way.
   */
  private final class PrefixAttention {
    private final KVCache cache;
    private final NDArray rowIdx; // [R·P] the cache row of every prefix token
    private final NDArray posIdx; // [R·P] its position
    private final NDArray mask;

    PrefixAttention(KVCache cache, NDArray rows, NDArray prefixValid) {
      int p = args.clsTokenNum();
      long r = rows.getShape().get(0);
      this.cache = cache;
      this.rowIdx = rows.expandDims(1).repeat(1, p).flatten();
      this.posIdx =
          rows.getManager().arange(0, p, 1, DataType.INT64).expandDims(0).repeat(0, r).flatten();
      this.mask = withPrefixMask(causalMask.get(new NDIndex(":{}, :{}", p, p)), prefixValid, p);
    }

    /** q, k, v [R, P, H, hd] → [R, P, dim]. */
    NDArray heads(int layer, NDArray q, NDArray k, NDArray v) {
      cache.write(layer, rowIdx, posIdx, perToken(k), perToken(v));
      return selfAttention(q, k, v, mask);
    }
  }

  /** A key or value tensor of any leading shape as one row per token, [N, H, hd]: the cache's. */
  private NDArray perToken(NDArray x) {
    return x.reshape(new Shape(-1, args.nHead(), args.headDim()));
  }

  /**
   * How decoded rows attend: row r writes its token's key and value at {@code seqPos[r]} and reads
   * its own cache up to there.
   */
  private final class CachedAttention {
    private final KVCache cache;
    private final NDArray rows;
    private final NDArray seqPos;
    private final int length;
    private final CacheRows layout;
    private final NDArray rowMask;

    CachedAttention(
        KVCache cache, NDArray rows, NDArray seqPos, int maxSeqPos, NDArray prefixValid) {
      NDManager m = rows.getManager();
      this.cache = cache;
      this.rows = rows;
      this.seqPos = seqPos;
      this.length = maxSeqPos + 1;
      long r = rows.getShape().get(0);
      // Row r may see cache positions 0..seqPos[r]; later positions hold stale data of other ages.
      NDArray future =
          m.arange(0, length, 1, DataType.INT64).expandDims(0).gt(seqPos.expandDims(1));
      NDArray mask = future.toType(DataType.FLOAT32, false).mul(MASKED);
      if (prefixValid != null) {
        // decoding queries sit after the prefix, so no diagonal to keep
        mask = mask.add(padToLength(prefixValid.neg().add(1).mul(MASKED), length));
      }
      this.layout = CacheRows.of(m, rows);
      this.rowMask = layout.toAttention(mask.reshape(r, 1, 1, length));
    }

    /** q, k, v [R, 1, H, hd] → [R, 1, dim]. */
    NDArray heads(int layer, NDArray q, NDArray k, NDArray v) {
      cache.write(layer, rows, seqPos, perToken(k), perToken(v));
      NDArray[] kv = layout.read(cache, layer, length);
      return layout.fromAttention(
          Attention.heads(layout.toAttention(q), kv[0], kv[1], rowMask, args));
    }
  }

  /**
   * Where a block's attention reads its keys and values: the heads' outputs [B, Tq, dim] for q, k,
   * v [B, T, H, hd].
   */
  @FunctionalInterface
  private interface KeysAndValues {
    NDArray heads(int layer, NDArray q, NDArray k, NDArray v);
  }

  /**
   * The blocks, one loop for every path: RMSNorm → attention (keys and values from {@code kv}) →
   * residual → RMSNorm → SwiGLU → residual. Each block's output is added to {@code outputs} when
   * given.
   */
  private NDArray blocks(NDArray h, NDArray[] rope, KeysAndValues kv, List<NDArray> outputs) {
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      NDArray[] qkv =
          Attention.qkv(RMSNorm.apply(h, layer.attentionNorm(), args.normEps()), layer, args, rope);
      h = h.add(Linear.apply(kv.heads(i, qkv[0], qkv[1], qkv[2]), layer.wo()));
      h = h.add(FeedForward.apply(RMSNorm.apply(h, layer.ffnNorm(), args.normEps()), layer));
      if (outputs != null) {
        outputs.add(h);
      }
    }
    return h;
  }

  /** Attention of a whole sequence over itself. */
  private NDArray selfAttention(NDArray q, NDArray k, NDArray v, NDArray mask) {
    return Attention.heads(q, k.transpose(0, 2, 1, 3), v.transpose(0, 2, 1, 3), mask, args);
  }

  /**
   * The causal mask [T, T] with each row's prefix key mask added: [B, 1, T, T], or the causal mask
   * alone when {@code prefixValid} is null. Padded prefix keys are hidden except on the diagonal.
   */
  private NDArray withPrefixMask(NDArray causal, NDArray prefixValid, int t) {
    if (prefixValid == null) {
      return causal;
    }
    long b = prefixValid.getShape().get(0);
    int p = args.clsTokenNum(); // t >= p: a sequence always holds the whole prefix
    NDArray keyPenalty = prefixValid.neg().add(1).mul(MASKED).reshape(b, 1, 1, p); // [B, 1, 1, P]
    NDArray columns =
        keyPenalty.mul(offDiagonal.reshape(1, 1, p, p)); // prefix queries: [B, 1, P, P]
    if (t > p) { // image queries see no padded key: the penalty broadcast down their rows
      columns = columns.concat(keyPenalty.repeat(2, t - p), 2);
    }
    NDArray full =
        t > p ? columns.concat(columns.getManager().zeros(new Shape(b, 1, t, t - p)), 3) : columns;
    return full.add(causal);
  }

  private static NDArray padToLength(NDArray prefixPenalty, int length) {
    long r = prefixPenalty.getShape().get(0);
    long p = prefixPenalty.getShape().get(1);
    return length > p
        ? prefixPenalty.concat(prefixPenalty.getManager().zeros(new Shape(r, length - p)), 1)
        : prefixPenalty;
  }

  private NDArray head(NDArray h) {
    return Linear.apply(RMSNorm.apply(h, norm, args.normEps()), output);
  }

  /** LlamaGen's freqs_cis [P+L, headDim/2, 2] as this model rotates (cos, sin per pair). */
  public float[] freqsCis() {
    return rope.freqsCis();
  }

  @Override
  public void close() {
    rope.close();
    causalMask.close();
    offDiagonal.close();
  }
}
