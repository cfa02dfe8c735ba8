package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ModelInfo;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link ImageModel} over a {@link Transformer} with a KV cache of a fixed row capacity, allocated
 * once. A trajectory's rows go through every call as a pair, conditional then unconditional.
 * Every call runs in an {@link NDScope}, so intermediates are freed per step (djl.md: without it
 * memory grows by megabytes per step). A step whose rows sit at mixed positions (a continuous batch
 * after refill) is split by {@link DecodeGroups} so that no row attends over another's longer
 * context.
 */
public final class TransformerImageModel implements ImageModel {

  /** Turns a prompt into exactly cls_token_num word ids; throws IllegalArgumentException when it cannot. */
  public interface PromptEncoder {
    int[] encode(String prompt);
  }

  private final Transformer model;
  private final NDManager manager;
  private final KVCache cache;
  private final PromptEncoder encoder;
  private final Function<int[], BufferedImage> decoder;
  private final ModelInfo info;
  private final DecodeGroups groups;
  private final String weightsSha256;

  public TransformerImageModel(Transformer model, NDManager manager, int rowCapacity, PromptEncoder encoder,
      Function<int[], BufferedImage> decoder) {
    this(model, manager, rowCapacity, encoder, decoder, DecodeGroups.CPU);
  }

  /** @param groups how a decoding step with rows at mixed positions is split into model calls */
  public TransformerImageModel(Transformer model, NDManager manager, int rowCapacity, PromptEncoder encoder,
      Function<int[], BufferedImage> decoder, DecodeGroups groups) {
    this(model, manager, rowCapacity, encoder, decoder, groups, "");
  }

  /**
   * @param weightsSha256 the SHA-256 of the weights' tensor data (a weights file's {@code sha256}),
   *     which a calibration names to say which weights it was fitted for; empty when unknown
   */
  public TransformerImageModel(Transformer model, NDManager manager, int rowCapacity, PromptEncoder encoder,
      Function<int[], BufferedImage> decoder, DecodeGroups groups, String weightsSha256) {
    this.weightsSha256 = Objects.requireNonNull(weightsSha256, "weightsSha256");
    this.model = model;
    this.groups = Objects.requireNonNull(groups, "groups");
    this.manager = manager;
    this.cache = new KVCache(manager, model.args(), rowCapacity);
    this.encoder = encoder;
    this.decoder = decoder;
    ModelArgs a = model.args();
    this.info = new ModelInfo(a.name(), a.vocabSize(), a.gridSize(), a.gridSize(), a.defaultCfgScale(), rowCapacity);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** The SHA-256 of the served weights' tensor data; empty when the model was built without a file. */
  public String weightsSha256() {
    return weightsSha256;
  }

  /** Bytes of KV cache each row holds. */
  public long cacheBytesPerRow() {
    return cache.bytesPerRow();
  }

  public Transformer transformer() {
    return model;
  }

  @Override
  public void validatePrompt(String prompt) {
    int[] ids = encoder.encode(prompt);
    if (ids.length != model.args().clsTokenNum()) {
      throw new IllegalArgumentException("prompt encodes to " + ids.length + " words; the model's prefix holds " + model.args().clsTokenNum());
    }
  }

  @Override
  public GuidedLogits prefill(List<Prefill> trajectories) {
    int n = trajectories.size();
    int p = model.args().clsTokenNum();
    long[] rows = new long[2 * n];
    long[] words = new long[2 * n * p];
    float[] conditional = new float[2 * n];
    for (int i = 0; i < n; i++) {
      Prefill t = trajectories.get(i);
      rows[2 * i] = checkRow(t.rows().cond());
      rows[2 * i + 1] = checkRow(t.rows().uncond());
      int[] ids = encoder.encode(t.prompt());
      for (int j = 0; j < p; j++) {
        words[2 * i * p + j] = ids[j];
      }
      conditional[2 * i] = 1;
    }
    try (NDScope scope = new NDScope()) {
      NDArray prefix = model.embedPrefix(manager.create(words, new Shape(2L * n, p)), manager.create(conditional));
      return split(model.prefill(cache, manager.create(rows), prefix), n);
    }
  }

  @Override
  public GuidedLogits step(List<Decode> trajectories) {
    return step(trajectories, groups);
  }

  /** A step split by the given planner instead of this model's (for benchmarks that compare plans). */
  GuidedLogits step(List<Decode> trajectories, DecodeGroups groups) {
    int n = trajectories.size();
    int p = model.args().clsTokenNum();
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      Decode d = trajectories.get(i);
      if (d.position() < 0 || d.position() >= model.args().blockSize() - 1) {
        throw new IllegalArgumentException("position " + d.position() + " outside 0.." + (model.args().blockSize() - 2));
      }
      if (d.token() < 0 || d.token() >= model.args().vocabSize()) {
        throw new IllegalArgumentException("token " + d.token() + " outside the vocabulary of " + model.args().vocabSize());
      }
      checkRow(d.rows().cond());
      checkRow(d.rows().uncond());
      lengths[i] = p + d.position() + 1;
    }
    float[][] cond = new float[n][];
    float[][] uncond = new float[n][];
    for (int[] call : groups.plan(lengths)) {
      GuidedLogits logits = decode(trajectories, call);
      for (int k = 0; k < call.length; k++) {
        cond[call[k]] = logits.cond()[k];
        uncond[call[k]] = logits.uncond()[k];
      }
    }
    return new GuidedLogits(cond, uncond);
  }

  /** One model call for the trajectories at {@code call}'s indices, attending up to the longest of them. */
  private GuidedLogits decode(List<Decode> trajectories, int[] call) {
    int n = call.length;
    int p = model.args().clsTokenNum();
    long[] rows = new long[2 * n];
    long[] pos = new long[2 * n];
    long[] tokens = new long[2 * n];
    int maxPos = 0;
    for (int i = 0; i < n; i++) {
      Decode d = trajectories.get(call[i]);
      rows[2 * i] = d.rows().cond();
      rows[2 * i + 1] = d.rows().uncond();
      pos[2 * i] = pos[2 * i + 1] = p + d.position();
      tokens[2 * i] = tokens[2 * i + 1] = d.token();
      maxPos = Math.max(maxPos, p + d.position());
    }
    try (NDScope scope = new NDScope()) {
      return split(model.decode(cache, manager.create(rows), manager.create(pos), manager.create(tokens), maxPos), n);
    }
  }

  private GuidedLogits split(NDArray logits, int n) {
    int v = model.args().vocabSize();
    float[] all = logits.toFloatArray();
    float[][] cond = new float[n][];
    float[][] uncond = new float[n][];
    for (int i = 0; i < n; i++) {
      cond[i] = Arrays.copyOfRange(all, (2 * i) * v, (2 * i + 1) * v);
      uncond[i] = Arrays.copyOfRange(all, (2 * i + 1) * v, (2 * i + 2) * v);
    }
    return new GuidedLogits(cond, uncond);
  }

  private int checkRow(int row) {
    if (row < 0 || row >= cache.rows()) {
      throw new IllegalArgumentException("row " + row + " outside the cache's 0.." + (cache.rows() - 1));
    }
    return row;
  }

  /** The cache is allocated once; a released row is simply overwritten by its next prefill. */
  @Override
  public void release(int... rows) {
    for (int r : rows) {
      checkRow(r);
    }
  }

  @Override
  public void copyRow(int src, int dst) {
    try (NDScope scope = new NDScope()) {
      cache.copyRow(checkRow(src), checkRow(dst));
    }
  }

  @Override
  public BufferedImage decode(int[] grid) {
    if (grid.length != model.args().blockSize()) {
      throw new IllegalArgumentException("grid has " + grid.length + " tokens, the model makes " + model.args().blockSize());
    }
    return decoder.apply(grid);
  }

  @Override
  public void close() {
    cache.close();
    model.close();
    model.weights().close();
  }
}
