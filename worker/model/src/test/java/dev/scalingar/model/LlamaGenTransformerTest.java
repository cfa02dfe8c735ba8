package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.scalingar.model.llamagen.LlamaGenArgs;
import dev.scalingar.model.llamagen.SafetensorsFile;
import dev.scalingar.testing.LlamaGenFixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transformer with LlamaGen's conditioning against LlamaGen's own outputs (fixtures made by
 * gpt.py on tiny random c2i and t2i models): freqs_cis, the full pass layer by layer, the KV-cache
 * path at mixed positions, CFG halves and greedy CFG tokens. atol 1e-4, as the fixtures suggest.
 */
class LlamaGenTransformerTest {

  static final float ATOL = 1e-4f;

  NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  /** A fixture model: its weights, its io file, and the transformer built from them. */
  record Fixture(ModelArgs args, Transformer model, Map<String, NDArray> io, boolean t2i) {
    int prefixLength() {
      return args.clsTokenNum();
    }

    /** The condition prefix of the io's three rows and their key masks (null for c2i). */
    NDArray prefix(String key) {
      return t2i
          ? model.embedCaptions(io.get(key.equals("cfg") ? "cfg_caption_embs" : "caption_embs"))
          : model.embedClasses(io.get(key.equals("cfg") ? "cfg_cond_idx" : "cond_idx"));
    }

    NDArray prefixValid(boolean cfg) {
      if (!t2i) {
        return null;
      }
      NDArray m = io.get("emb_mask").toType(DataType.FLOAT32, false);
      return cfg ? m.concat(m, 0) : m; // generate.py: the null half reuses the cond rows' masks
    }
  }

  Fixture load(String stem) {
    ModelArgs args;
    Map<String, NDArray> tensors = new HashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(LlamaGenFixtures.file(stem + ".safetensors"))) {
      args = LlamaGenArgs.fromJson(f.metadata().get("model_args"), stem);
      f.entries().keySet().forEach(n -> tensors.put(n, f.array(n, manager)));
    }
    Map<String, NDArray> io = new HashMap<>();
    try (SafetensorsFile f =
        SafetensorsFile.open(LlamaGenFixtures.file(stem + "-io.safetensors"))) {
      f.entries().keySet().forEach(n -> io.put(n, f.array(n, manager)));
    }
    return new Fixture(
        args, new Transformer(Weights.of(args, tensors), manager), io, stem.startsWith("t2i"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void freqsCisHasLlamaGensZeroRowsForTheCondition(String stem) {
    Fixture f = load(stem);
    assertClose(f.model().freqsCis(), f.io().get("freqs_cis").toFloatArray(), "freqs_cis");
  }

  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void fullPassMatchesLayerByLayer(String stem) {
    Fixture f = load(stem);
    NDArray prefix = f.prefix("rows");
    assertClose(prefix, f.io().get("cond_embeddings"), "cond_embeddings");
    Transformer.Sequence s =
        f.model().forwardSequence(prefix, f.io().get("tokens"), f.prefixValid(false));
    assertClose(s.blockOutputs().get(0), f.io().get("full_hidden_layer0"), "full_hidden_layer0");
    assertClose(s.blockOutputs().get(1), f.io().get("full_hidden_layer1"), "full_hidden_layer1");
    assertClose(s.normed(), f.io().get("full_hidden_norm"), "full_hidden_norm");
    assertClose(s.logits(), f.io().get("logits_full"), "logits_full");
  }

  /**
   * Rows of three ages in one cache: row b starts 3·b steps late, so most steps mix positions; each
   * step's logits equal logits_incremental of the row and step.
   */
  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void cachedDecodingAtMixedPositionsMatchesLlamaGensIncrementalLogits(String stem) {
    Fixture f = load(stem);
    int n = f.args().blockSize();
    long[][] tokens = tokens(f.io().get("tokens"));
    NDArray expected = f.io().get("logits_incremental"); // [3, 16, V]
    long[] cacheRows = {4, 0, 2};
    try (KVCache cache = new KVCache(manager, f.args(), 5)) {
      NDArray valid = f.prefixValid(false);
      NDArray first = f.model().prefill(cache, manager.create(cacheRows), f.prefix("rows"), valid);
      for (int b = 0; b < 3; b++) {
        assertClose(first.get(b), expected.get(new NDIndex("{}, 0", b)), "prefill row " + b);
      }
      int[] next = new int[3]; // the token each row feeds next
      for (int step = 0; step < n - 1 + 6; step++) {
        List<Integer> active = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
          if (step >= 3 * b && next[b] < n - 1) {
            active.add(b);
          }
        }
        if (active.isEmpty()) {
          continue;
        }
        long[] rows = new long[active.size()];
        long[] pos = new long[active.size()];
        long[] tok = new long[active.size()];
        long[] which = new long[active.size()];
        int maxPos = 0;
        for (int i = 0; i < active.size(); i++) {
          int b = active.get(i);
          rows[i] = cacheRows[b];
          pos[i] = f.prefixLength() + next[b];
          tok[i] = tokens[b][next[b]];
          which[i] = b;
          maxPos = Math.max(maxPos, (int) pos[i]);
        }
        NDArray rowValid = valid == null ? null : valid.get(manager.create(which));
        NDArray logits =
            f.model()
                .decode(
                    cache,
                    manager.create(rows),
                    manager.create(pos),
                    manager.create(tok),
                    maxPos,
                    rowValid);
        for (int i = 0; i < active.size(); i++) {
          int b = active.get(i);
          next[b]++;
          assertClose(
              logits.get(i),
              expected.get(new NDIndex("{}, {}", b, next[b])),
              "row " + b + " step " + next[b]);
        }
      }
      assertThat(next).containsOnly(n - 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void cfgHalvesAndTheirCombinationMatch(String stem) {
    Fixture f = load(stem);
    if (f.t2i()) { // the null caption is uncond_embedding's first cls_token_num rows (Q6)
      NDArray nul = f.io().get("cfg_caption_embs").get("3:");
      for (int r = 0; r < 3; r++) {
        assertClose(nul.get(r), f.model().nullCaption(), "null caption");
      }
    }
    float scale = 4.0f;
    long[][] tokens = tokens(f.io().get("tokens"));
    List<float[][]> halves =
        guided(f, step -> tokens[0].length > step ? column(tokens, step) : null, scale, null);
    for (int k = 0; k < halves.size(); k++) {
      float[][] h = halves.get(k);
      for (int b = 0; b < 3; b++) {
        String at = "[" + b + ", " + k + "]";
        assertClose(h[b], f.io().get("logits_cfg_cond").get(b, k).toFloatArray(), "cond " + at);
        assertClose(
            h[3 + b], f.io().get("logits_cfg_uncond").get(b, k).toFloatArray(), "uncond " + at);
        assertClose(
            cfg(h[b], h[3 + b], scale),
            f.io().get("logits_cfg").get(b, k).toFloatArray(),
            "cfg " + at);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c2i-tiny", "t2i-tiny"})
  void greedyCfgDecodingPicksLlamaGensTokens(String stem) {
    Fixture f = load(stem);
    long[][] picked = new long[3][f.args().blockSize()];
    guided(f, step -> step == 0 ? null : column(picked, step - 1), 4.0f, picked);
    assertThat(picked).isDeepEqualTo(tokens(f.io().get("greedy_cfg_tokens")));
  }

  /**
   * Prefill then decode the six CFG rows as generate.py does (cond rows, then null rows), feeding
   * {@code feed.apply(step)} for steps 1.. (null ends); with {@code picked}, feeds the argmax of
   * the CFG logits instead and records it. Returns each step's 6 rows of logits.
   */
  private List<float[][]> guided(
      Fixture f, java.util.function.IntFunction<long[]> feed, float scale, long[][] picked) {
    int n = f.args().blockSize();
    List<float[][]> out = new ArrayList<>();
    try (KVCache cache = new KVCache(manager, f.args(), 6)) {
      NDArray rows = manager.arange(0, 6, 1, DataType.INT64);
      NDArray valid = f.prefixValid(true);
      float[][] logits = split(f.model().prefill(cache, rows, f.prefix("cfg"), valid));
      for (int step = 0; step < n; step++) {
        out.add(logits);
        if (picked != null) {
          for (int b = 0; b < 3; b++) {
            picked[b][step] = argmax(cfg(logits[b], logits[3 + b], scale));
          }
        }
        if (step == n - 1) {
          break;
        }
        long[] x = picked != null ? column(picked, step) : feed.apply(step);
        long[] both = {x[0], x[1], x[2], x[0], x[1], x[2]}; // cat([x, x])
        long[] pos = new long[6];
        java.util.Arrays.fill(pos, f.prefixLength() + step);
        logits =
            split(
                f.model()
                    .decode(
                        cache,
                        rows,
                        manager.create(pos),
                        manager.create(both),
                        f.prefixLength() + step,
                        valid));
      }
    }
    return out;
  }

  static float[] cfg(float[] cond, float[] uncond, float scale) {
    float[] out = new float[cond.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = uncond[i] + (cond[i] - uncond[i]) * scale;
    }
    return out;
  }

  static long argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  static float[][] split(NDArray logits) {
    int rows = (int) logits.getShape().get(0);
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = logits.get(r).toFloatArray();
    }
    return out;
  }

  static long[][] tokens(NDArray t) {
    int rows = (int) t.getShape().get(0);
    long[][] out = new long[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = t.get(r).toLongArray();
    }
    return out;
  }

  static long[] column(long[][] t, int step) {
    long[] c = new long[t.length];
    for (int r = 0; r < t.length; r++) {
      c[r] = t[r][step];
    }
    return c;
  }

  static void assertClose(NDArray actual, NDArray expected, String what) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
    assertClose(actual.toFloatArray(), expected.toFloatArray(), what);
  }

  static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    float worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(worst).as(what + ": max abs diff").isLessThanOrEqualTo(ATOL);
  }
}
