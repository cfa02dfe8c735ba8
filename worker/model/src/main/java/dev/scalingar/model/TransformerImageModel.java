package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ModelInfo;
import dev.scalingar.engine.model.StepCost;
import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link ImageModel} over a {@link Transformer} with a KV cache of a fixed row capacity, allocated
 * once. A trajectory's rows go through every call as a pair, conditional then unconditional. Every
 * call runs in an {@link NDScope}, so intermediates are freed per step (without it memory grows by
 * megabytes per step). A step whose rows sit at mixed positions (a continuous batch after refill)
 * is split by {@link DecodeGroups} so that no row attends over another's longer context.
 */
public final class TransformerImageModel implements ImageModel {

  /**
   * Turns a prompt into exactly cls_token_num word ids; throws IllegalArgumentException when it
   * cannot.
   */
  public interface PromptEncoder {
    int[] encode(String prompt);
  }

  private final Transformer model;
  private final NDManager manager;
  private final KVCache cache;
  private final PrefixEncoder prefixEncoder;
  private final Function<int[], BufferedImage> decoder;
  private final ModelInfo info;
  private DecodeGroups groups; // final but for planWith, before an engine is built on it
  private final String weightsSha256;
  private final int cfgInterval;
  // Per cache row, which prefix positions may be attended (LlamaGen's left-padded captions); a
  // row's
  // entry is set by its prefill and copied with it. Null where the prefix never has padding.
  private final float[][] rowKeyValid;

  public TransformerImageModel(
      Transformer model,
      NDManager manager,
      int rowCapacity,
      PromptEncoder encoder,
      Function<int[], BufferedImage> decoder) {
    this(model, manager, rowCapacity, encoder, decoder, DecodeGroups.CPU);
  }

  /**
   * @param groups how a decoding step with rows at mixed positions is split into model calls
   */
  public TransformerImageModel(
      Transformer model,
      NDManager manager,
      int rowCapacity,
      PromptEncoder encoder,
      Function<int[], BufferedImage> decoder,
      DecodeGroups groups) {
    this(model, manager, rowCapacity, encoder, decoder, groups, "");
  }

  /**
   * @param weightsSha256 the SHA-256 of the weights' tensor data (a weights file's {@code sha256}),
   *     which a calibration names to say which weights it was fitted for; empty when unknown
   */
  public TransformerImageModel(
      Transformer model,
      NDManager manager,
      int rowCapacity,
      PromptEncoder encoder,
      Function<int[], BufferedImage> decoder,
      DecodeGroups groups,
      String weightsSha256) {
    this(
        model,
        manager,
        rowCapacity,
        new WordPrefix(encoder, model.args().clsTokenNum()),
        decoder,
        groups,
        weightsSha256,
        new Serving(0, -1));
  }

  /**
   * How a model is served beyond its weights.
   *
   * @param defaultTopK the top-k the model's own samplers use (0 = off), exposed in {@link
   *     ModelInfo}
   * @param cfgInterval LlamaGen's {@code cfg_interval}: once a step feeds image token {@code
   *     position > cfgInterval}, the unconditional half comes back equal to the conditional one, so
   *     guidance of any scale yields the conditional logits (both rows still run, as in
   *     generate.py); −1 = guidance at every step
   */
  public record Serving(int defaultTopK, int cfgInterval) {
    public Serving {
      if (defaultTopK < 0 || cfgInterval < -1) {
        throw new IllegalArgumentException(
            "defaultTopK >= 0 and cfgInterval >= -1, were " + defaultTopK + ", " + cfgInterval);
      }
    }
  }

  /** A model with any condition prefix (ShapesWorld words, a LlamaGen class or caption). */
  public TransformerImageModel(
      Transformer model,
      NDManager manager,
      int rowCapacity,
      PrefixEncoder prefixEncoder,
      Function<int[], BufferedImage> decoder,
      DecodeGroups groups,
      String weightsSha256,
      Serving serving) {
    this.weightsSha256 = Objects.requireNonNull(weightsSha256, "weightsSha256");
    this.model = model;
    this.groups = Objects.requireNonNull(groups, "groups");
    this.manager = manager;
    this.cache = new KVCache(manager, model.args(), rowCapacity);
    this.prefixEncoder = Objects.requireNonNull(prefixEncoder, "prefixEncoder");
    this.decoder = decoder;
    this.cfgInterval = serving.cfgInterval();
    this.rowKeyValid =
        model.args().conditioning() == Conditioning.CAPTION ? new float[rowCapacity][] : null;
    ModelArgs a = model.args();
    this.info =
        new ModelInfo(
            a.name(),
            a.vocabSize(),
            a.gridSize(),
            a.gridSize(),
            a.defaultCfgScale(),
            rowCapacity,
            serving.defaultTopK());
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /**
   * The SHA-256 of the served weights' tensor data; empty when the model was built without a file.
   */
  public String weightsSha256() {
    return weightsSha256;
  }

  /** Bytes of KV cache each row holds. */
  public long cacheBytesPerRow() {
    return cache.bytesPerRow();
  }

  /** How this model splits a decoding step with rows at mixed positions into calls. */
  public DecodeGroups decodeGroups() {
    return groups;
  }

  /**
   * Plans this model's steps with {@code planner} from now on, for instance one fitted to this
   * machine ({@link #fitPlanner}). Call it before an engine is built on the model: the engine's
   * admission takes its cost line ({@link #stepCost}) once, when it is built.
   */
  public void planWith(DecodeGroups planner) {
    this.groups = Objects.requireNonNull(planner, "planner");
  }

  /**
   * Fits the decode planner to the machine at hand: {@code model-bench}'s decode cost fit (lockstep
   * calls over a grid of sizes and positions, {@code iterations} each) on this model, in its units.
   * A few seconds for shapes-v2; it overwrites cache rows, so run it before any job.
   */
  public ModelBenchmark.DecodeCost fitPlanner(int iterations) {
    return ModelBenchmark.decodeCost(this, iterations);
  }

  /**
   * {@link #fitPlanner(int)} at {@value #PLANNER_FIT_ITERATIONS} iterations a point, as {@code
   * model-bench} fits (at 10 a fit on this machine once had R² 0.52).
   */
  public ModelBenchmark.DecodeCost fitPlanner() {
    return fitPlanner(PLANNER_FIT_ITERATIONS);
  }

  /** Timed calls per point of {@link #fitPlanner()}. */
  public static final int PLANNER_FIT_ITERATIONS = 20;

  public Transformer transformer() {
    return model;
  }

  /** LlamaGen's cfg_interval this model applies (−1 = guidance at every step). */
  public int cfgInterval() {
    return cfgInterval;
  }

  @Override
  public void validatePrompt(String prompt) {
    prefixEncoder.validate(prompt);
  }

  @Override
  public GuidedLogits prefill(List<Prefill> trajectories) {
    return forward(trajectories, List.of(), groups).prefill();
  }

  @Override
  public GuidedLogits step(List<Decode> trajectories) {
    return step(trajectories, groups);
  }

  /**
   * The step's prefills and decodes: the decodes split into calls by this model's planner, and the
   * prefills in the first of them (see {@link #forward(List, List, DecodeGroups)}).
   */
  @Override
  public StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
    return forward(prefills, decodes, groups);
  }

  /** The cost line this model's decode planner splits calls with, for the engine's admission. */
  @Override
  public StepCost stepCost() {
    return groups.stepCost(model.args().clsTokenNum());
  }

  /**
   * A step split by the given planner instead of this model's (for benchmarks that compare plans).
   */
  GuidedLogits step(List<Decode> trajectories, DecodeGroups groups) {
    return forward(List.of(), trajectories, groups).decode();
  }

  /**
   * Prefills and decodes with {@code groups} planning the decodes' calls. The prefills run in the
   * first call, the one of the shortest rows ({@link Transformer#prefillAndDecode}): a prefix row
   * attends over its own prefix whichever call it joins, so any call would do, and joining one
   * saves a call of their own. With no decodes they are a call alone.
   */
  StepLogits forward(List<Prefill> prefills, List<Decode> decodes, DecodeGroups groups) {
    long[] prefillRows = rowsOf(prefills.stream().map(Prefill::rows).toList());
    List<int[]> calls = inCacheOrder(groups.plan(lengthsOf(decodes)), decodes);
    if (calls.isEmpty()) {
      if (prefills.isEmpty()) {
        return new StepLogits(null, null);
      }
      try (NDScope scope = new NDScope()) {
        PrefillInputs in = prefillInputs(prefills, prefillRows);
        return new StepLogits(
            split(model.prefill(cache, in.rows(), in.prefix(), in.valid()), prefills.size())[0],
            null);
      }
    }
    GuidedLogits prefilled = null;
    float[][] cond = new float[decodes.size()][];
    float[][] uncond = new float[decodes.size()][];
    for (int c = 0; c < calls.size(); c++) {
      int[] call = calls.get(c);
      boolean withPrefills = c == 0 && !prefills.isEmpty();
      GuidedLogits[] out = call(withPrefills ? prefills : List.of(), prefillRows, decodes, call);
      if (withPrefills) {
        prefilled = out[0];
      }
      GuidedLogits decoded = out[out.length - 1];
      for (int k = 0; k < call.length; k++) {
        cond[call[k]] = decoded.cond()[k];
        uncond[call[k]] = decoded.uncond()[k];
      }
    }
    if (cfgInterval
        > -1) { // generate.py decode_n_tokens: cfg_flag off once the step index passes it
      for (int i = 0; i < decodes.size(); i++) {
        if (decodes.get(i).position() > cfgInterval) {
          uncond[i] = cond[i].clone();
        }
      }
    }
    return new StepLogits(prefilled, new GuidedLogits(cond, uncond));
  }

  /**
   * One model call over the decodes at {@code call}'s indices and the given prefills (none, or all
   * of the step's): their logits, the prefills' first.
   */
  private GuidedLogits[] call(
      List<Prefill> prefills, long[] prefillRows, List<Decode> decodes, int[] call) {
    try (NDScope scope = new NDScope()) {
      DecodeInputs d = decodeInputs(decodes, call);
      if (prefills.isEmpty()) {
        return split(
            model.decode(cache, d.rows(), d.positions(), d.tokens(), d.maxPosition(), d.valid()),
            call.length);
      }
      PrefillInputs p = prefillInputs(prefills, prefillRows);
      return split(
          model.prefillAndDecode(
              cache,
              p.rows(),
              p.prefix(),
              p.valid(),
              d.rows(),
              d.positions(),
              d.tokens(),
              d.maxPosition(),
              d.valid()),
          prefills.size(),
          call.length);
    }
  }

  /**
   * Each call's trajectories in the order of their cache rows. The planner lists a call's rows by
   * position, but which order a call takes them in changes nothing in its logits, and in cache
   * order a call whose rows are one dense range reads it as a slice in place ({@link CacheRows});
   * in any other order it scatters its queries into the slice's layout and gathers the outputs
   * back, in every layer. Equal positions kept the engine's order, which compaction scrambles, so
   * most calls of a pruned batch took that longer path (bench-fleet, 2026-12-03: 2,580 of static's
   * 3,060 calls and 1,104 of refill's 1,171).
   */
  private static List<int[]> inCacheOrder(List<int[]> calls, List<Decode> decodes) {
    List<int[]> ordered = new ArrayList<>(calls.size());
    for (int[] call : calls) {
      ordered.add(
          Arrays.stream(call)
              .boxed()
              .sorted(Comparator.comparingInt(i -> decodes.get(i).rows().cond()))
              .mapToInt(Integer::intValue)
              .toArray());
    }
    return ordered;
  }

  /** Each trajectory's cond and uncond cache rows, checked, as a call takes them. */
  private long[] rowsOf(List<Rows> trajectories) {
    long[] rows = new long[2 * trajectories.size()];
    for (int i = 0; i < trajectories.size(); i++) {
      rows[2 * i] = checkRow(trajectories.get(i).cond());
      rows[2 * i + 1] = checkRow(trajectories.get(i).uncond());
    }
    return rows;
  }

  /** Checks each decode and returns its attended length (sequence position + 1). */
  private int[] lengthsOf(List<Decode> decodes) {
    int p = model.args().clsTokenNum();
    int[] lengths = new int[decodes.size()];
    for (int i = 0; i < decodes.size(); i++) {
      Decode d = decodes.get(i);
      if (d.position() < 0 || d.position() >= model.args().blockSize() - 1) {
        throw new IllegalArgumentException(
            "position " + d.position() + " outside 0.." + (model.args().blockSize() - 2));
      }
      if (d.token() < 0 || d.token() >= model.args().vocabSize()) {
        throw new IllegalArgumentException(
            "token " + d.token() + " outside the vocabulary of " + model.args().vocabSize());
      }
      checkRow(d.rows().cond());
      checkRow(d.rows().uncond());
      lengths[i] = p + d.position() + 1;
    }
    return lengths;
  }

  /** A prefill's tensors, in the caller's scope: the rows, their prefix, its key mask or null. */
  private record PrefillInputs(NDArray rows, NDArray prefix, NDArray valid) {}

  /** Encodes the prompts; records each row's prefix key mask (set by prefill, read by decodes). */
  private PrefillInputs prefillInputs(List<Prefill> trajectories, long[] rows) {
    PrefixEncoder.Prefix prefix =
        prefixEncoder.encode(model, trajectories.stream().map(Prefill::prompt).toList());
    NDArray valid = null;
    if (prefix.keyValid() != null) {
      if (rowKeyValid == null) {
        throw new IllegalStateException(
            "a prefix with padding for a model whose conditioning has none");
      }
      for (int r = 0; r < rows.length; r++) {
        rowKeyValid[(int) rows[r]] = prefix.keyValid()[r].clone();
      }
      valid = keyValid(rows);
    }
    return new PrefillInputs(manager.create(rows), prefix.embeddings(), valid);
  }

  /** A decoding call's tensors, in the caller's scope. */
  private record DecodeInputs(
      NDArray rows, NDArray positions, NDArray tokens, int maxPosition, NDArray valid) {}

  /** The inputs of one call over the decodes at {@code call}'s indices. */
  private DecodeInputs decodeInputs(List<Decode> trajectories, int[] call) {
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
    return new DecodeInputs(
        manager.create(rows),
        manager.create(pos),
        manager.create(tokens),
        maxPos,
        rowKeyValid == null ? null : keyValid(rows));
  }

  /** The prefix key masks of the given cache rows, [R, P]. */
  private NDArray keyValid(long[] rows) {
    int p = model.args().clsTokenNum();
    float[] m = new float[rows.length * p];
    for (int r = 0; r < rows.length; r++) {
      float[] v = rowKeyValid[(int) rows[r]];
      if (v == null) {
        throw new IllegalStateException("row " + rows[r] + " decodes without a prefill");
      }
      System.arraycopy(v, 0, m, r * p, p);
    }
    return manager.create(m, new Shape(rows.length, p));
  }

  /**
   * The logits' rows as consecutive groups of {@code sizes[g]} trajectories, rows 2i and 2i+1 of
   * each being trajectory i's conditional and unconditional halves; each copied once, straight from
   * the tensor's memory into its row array.
   */
  private GuidedLogits[] split(NDArray logits, int... sizes) {
    int v = model.args().vocabSize();
    FloatBuffer all = logits.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    GuidedLogits[] out = new GuidedLogits[sizes.length];
    for (int g = 0; g < sizes.length; g++) {
      float[][] cond = new float[sizes[g]][v];
      float[][] uncond = new float[sizes[g]][v];
      for (int i = 0; i < sizes[g]; i++) {
        all.get(cond[i]);
        all.get(uncond[i]);
      }
      out[g] = new GuidedLogits(cond, uncond);
    }
    return out;
  }

  private int checkRow(int row) {
    if (row < 0 || row >= cache.rows()) {
      throw new IllegalArgumentException(
          "row " + row + " outside the cache's 0.." + (cache.rows() - 1));
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
    if (rowKeyValid != null) {
      rowKeyValid[dst] = rowKeyValid[src] == null ? null : rowKeyValid[src].clone();
    }
  }

  @Override
  public BufferedImage decode(int[] grid) {
    if (grid.length != model.args().blockSize()) {
      throw new IllegalArgumentException(
          "grid has " + grid.length + " tokens, the model makes " + model.args().blockSize());
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
