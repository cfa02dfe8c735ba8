package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The decoder (LlamaGen Transformer): text prefix, image-token embedding, blocks of
 * RMSNorm → attention → residual → RMSNorm → SwiGLU → residual, final norm and output head.
 * Sequence layout: [prefix (cls_token_num positions), image tokens 0 .. L-2]; the logits at
 * sequence index P-1+t predict image token t.
 */
public final class Transformer implements AutoCloseable {

  private static final float MASKED = -1e9f;

  private final Weights weights;
  private final ModelArgs args;
  private final Rope2d rope;
  private final NDArray causalMask; // [P+L-1, P+L-1] additive

  public Transformer(Weights weights, NDManager manager) {
    this.weights = weights;
    this.args = weights.args();
    this.rope = new Rope2d(manager, args);
    int t = args.maxSeqLen();
    float[] m = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        m[i * t + j] = MASKED;
      }
    }
    this.causalMask = manager.create(m, new Shape(t, t));
  }

  public ModelArgs args() {
    return args;
  }

  public Weights weights() {
    return weights;
  }

  /**
   * Prefix embeddings [R, P, dim]: each conditional row's words plus the prefix position
   * embedding; each unconditional row the learned null prefix (CaptionEmbedder's uncond_embedding).
   *
   * @param wordIds [R, P] int64 word ids (ignored where {@code conditional} is 0)
   * @param conditional [R] float 1 for a prompt row, 0 for a null-prefix row
   */
  public NDArray embedPrefix(NDArray wordIds, NDArray conditional) {
    long rows = wordIds.getShape().get(0);
    NDArray words = weights.get("cls_embedding.embedding_table.weight").get(new NDIndex("{}", wordIds.flatten()))
        .reshape(rows, args.clsTokenNum(), args.dim())
        .add(weights.get("cls_embedding.pos_embedding"));
    NDArray nul = weights.get("cls_embedding.uncond_embedding").expandDims(0);
    NDArray keep = conditional.reshape(rows, 1, 1);
    return words.mul(keep).add(nul.mul(keep.neg().add(1)));
  }

  /** Image-token embeddings of int64 tokens of any shape: [..., dim]. */
  NDArray embedTokens(NDArray tokens) {
    Shape s = tokens.getShape();
    NDArray flat = weights.get("tok_embeddings.weight").get(new NDIndex("{}", tokens.flatten()));
    return flat.reshape(s.addAll(new Shape(args.dim())));
  }

  /**
   * Training / full forward: prefix [B, P, dim] and image tokens [B, L-1] (int64) → logits
   * [B, L, V] for image tokens 0..L-1.
   */
  public NDArray forward(NDArray prefix, NDArray imageTokens) {
    NDArray h = prefix.concat(embedTokens(imageTokens), 1);
    int t = Math.toIntExact(h.getShape().get(1));
    NDArray[] table = rope.forSequence(t);
    NDArray mask = causalMask.get(new NDIndex(":{}, :{}", t, t));
    for (int i = 0; i < args.nLayer(); i++) {
      String p = "layers." + i + ".";
      NDArray[] qkv = Attention.qkv(RMSNorm.apply(h, weights.get(p + "attention_norm.weight"), args.normEps()), weights, p, table);
      h = h.add(Attention.attend(qkv[0], qkv[1], qkv[2], mask, weights, p));
      h = h.add(FeedForward.apply(RMSNorm.apply(h, weights.get(p + "ffn_norm.weight"), args.normEps()), weights, p));
    }
    NDArray out = head(h);
    return out.get(new NDIndex(":, {}:", args.clsTokenNum() - 1));
  }

  /** Runs the prefix through the blocks, stores its keys and values in {@code rows}; logits [R, V] for image token 0. */
  NDArray prefill(KVCache cache, NDArray rows, NDArray prefix) {
    int p = args.clsTokenNum();
    long r = rows.getShape().get(0);
    NDManager m = prefix.getManager();
    NDArray rowIdx = rows.expandDims(1).repeat(1, p).flatten();
    NDArray posIdx = m.arange(0, p, 1, DataType.INT64).expandDims(0).repeat(0, r).flatten();
    NDArray[] table = rope.forSequence(p);
    NDArray mask = causalMask.get(new NDIndex(":{}, :{}", p, p));
    NDArray h = prefix;
    for (int i = 0; i < args.nLayer(); i++) {
      String lp = "layers." + i + ".";
      NDArray[] qkv = Attention.qkv(RMSNorm.apply(h, weights.get(lp + "attention_norm.weight"), args.normEps()), weights, lp, table);
      cache.write(i, rowIdx, posIdx, qkv[1].reshape(r * p, args.nHead(), args.headDim()),
          qkv[2].reshape(r * p, args.nHead(), args.headDim()));
      h = h.add(Attention.attend(qkv[0], qkv[1], qkv[2], mask, weights, lp));
      h = h.add(FeedForward.apply(RMSNorm.apply(h, weights.get(lp + "ffn_norm.weight"), args.normEps()), weights, lp));
    }
    return head(h.get(new NDIndex(":, {}:", p - 1))).reshape(r, args.vocabSize());
  }

  /**
   * One decoding step: row r feeds {@code tokens[r]} at sequence index {@code seqPos[r]} and
   * attends to its own cache up to there; logits [R, V] for the following image token.
   */
  NDArray decode(KVCache cache, NDArray rows, NDArray seqPos, NDArray tokens, int maxSeqPos) {
    long r = rows.getShape().get(0);
    int length = maxSeqPos + 1;
    NDManager m = tokens.getManager();
    NDArray h = embedTokens(tokens).reshape(r, 1, args.dim());
    NDArray[] table = rope.forPositions(seqPos);
    // Row r may see cache positions 0..seqPos[r]; later positions hold stale data of other ages.
    NDArray future = m.arange(0, length, 1, DataType.INT64).expandDims(0).gt(seqPos.expandDims(1));
    NDArray mask = future.toType(DataType.FLOAT32, false).mul(MASKED).reshape(r, 1, 1, length);
    for (int i = 0; i < args.nLayer(); i++) {
      String lp = "layers." + i + ".";
      NDArray[] qkv = Attention.qkv(RMSNorm.apply(h, weights.get(lp + "attention_norm.weight"), args.normEps()), weights, lp, table);
      cache.write(i, rows, seqPos, qkv[1].reshape(r, args.nHead(), args.headDim()),
          qkv[2].reshape(r, args.nHead(), args.headDim()));
      NDArray[] kv = cache.read(i, rows, length);
      h = h.add(Attention.attendHeads(qkv[0], kv[0], kv[1], mask, weights, lp));
      h = h.add(FeedForward.apply(RMSNorm.apply(h, weights.get(lp + "ffn_norm.weight"), args.normEps()), weights, lp));
    }
    return head(h).reshape(r, args.vocabSize());
  }

  private NDArray head(NDArray h) {
    return Linear.apply(RMSNorm.apply(h, weights.get("norm.weight"), args.normEps()), weights.get("output.weight"));
  }

  @Override
  public void close() {
    rope.close();
    causalMask.close();
  }
}
