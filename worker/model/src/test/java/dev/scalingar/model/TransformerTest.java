package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cached, batched decoding path computes exactly what the full forward pass computes. */
class TransformerTest {

  // A tiny configuration so the test runs in a second: 4×4 grid, 3-word prefix.
  static final ModelArgs TINY =
      new ModelArgs("tiny", 32, 2, 2, 20, 4, 3, 11, 16, 1e-5, 10000, 0.1, 3.0);
  static NDManager manager;
  static Weights weights;
  static Transformer model;

  @BeforeAll
  static void setUp() {
    manager = NDManager.newBaseManager();
    weights = Weights.initialise(TINY, manager, 1);
    // Random (not zero) output head, so logits differ by position and content.
    weights
        .get("output.weight")
        .set(manager.randomNormal(0, 0.5f, new Shape(20, 32), DataType.FLOAT32).toFloatArray());
    model = new Transformer(weights, manager);
  }

  @AfterAll
  static void tearDown() {
    model.close();
    manager.close();
  }

  static long[][] randomTokens(int rows, int length, long seed) {
    Random r = new Random(seed);
    long[][] t = new long[rows][length];
    for (long[] row : t) {
      for (int i = 0; i < length; i++) {
        row[i] = r.nextInt(TINY.vocabSize());
      }
    }
    return t;
  }

  NDArray prefix(int rows, boolean conditional) {
    long[] words = new long[rows * TINY.clsTokenNum()];
    for (int i = 0; i < words.length; i++) {
      words[i] = 1 + i % 10;
    }
    float[] cond = new float[rows];
    java.util.Arrays.fill(cond, conditional ? 1 : 0);
    return model.embedPrefix(
        manager.create(words, new Shape(rows, TINY.clsTokenNum())), manager.create(cond));
  }

  @Test
  void forwardShapes() {
    int l = TINY.blockSize();
    NDArray tokens = manager.create(randomTokens(2, l - 1, 3)[0]).expandDims(0).repeat(0, 2);
    NDArray logits = model.forward(prefix(2, true), tokens);
    assertThat(logits.getShape()).isEqualTo(new Shape(2, l, TINY.vocabSize()));
  }

  /**
   * Cache rows of the three sequences: a permuted dense range (read as a slice, queries scattered),
   * a range in order (a plain slice), and rows spread too far apart (gathered).
   */
  @ParameterizedTest
  @ValueSource(strings = {"5,1,6", "2,3,4", "0,7,3"})
  void cachedDecodingAtMixedPositionsMatchesTheFullForwardPass(String layout) {
    long[] cacheRows =
        java.util.Arrays.stream(layout.split(",")).mapToLong(Long::parseLong).toArray();
    int rows = 3;
    int l = TINY.blockSize();
    long[][] tokens = randomTokens(rows, l - 1, 7);
    NDArray prefix = prefix(rows, true);
    NDArray full = model.forward(prefix, manager.create(tokens));

    KVCache cache = new KVCache(manager, TINY, 8);
    // Row b starts b*3 steps late, so every batched step mixes positions.
    NDArray first = model.prefill(cache, manager.create(cacheRows), prefix);
    for (int b = 0; b < rows; b++) {
      assertClose(first.get(b), full.get(new NDIndex("{}, 0", b)));
    }
    int[] next = new int[rows];
    for (int step = 0; step < (l - 1) + 3 * (rows - 1); step++) {
      java.util.List<Integer> active = new java.util.ArrayList<>();
      for (int b = 0; b < rows; b++) {
        if (step >= 3 * b && next[b] < l - 1) {
          active.add(b);
        }
      }
      if (active.isEmpty()) {
        continue;
      }
      long[] r = new long[active.size()];
      long[] pos = new long[active.size()];
      long[] tok = new long[active.size()];
      int maxPos = 0;
      for (int i = 0; i < active.size(); i++) {
        int b = active.get(i);
        r[i] = cacheRows[b];
        pos[i] = TINY.clsTokenNum() + next[b];
        tok[i] = tokens[b][next[b]];
        maxPos = Math.max(maxPos, (int) pos[i]);
      }
      NDArray logits =
          model.decode(cache, manager.create(r), manager.create(pos), manager.create(tok), maxPos);
      for (int i = 0; i < active.size(); i++) {
        int b = active.get(i);
        assertClose(logits.get(i), full.get(new NDIndex("{}, {}", b, next[b] + 1)));
        next[b]++;
      }
    }
    assertThat(next).containsOnly(l - 1);
    cache.close();
  }

  @Test
  void nullPrefixRowsDifferFromPromptRows() {
    NDArray cond = prefix(1, true);
    NDArray uncond = prefix(1, false);
    assertThat(uncond.get(0).toFloatArray())
        .containsExactly(weights.get("cls_embedding.uncond_embedding").toFloatArray());
    assertThat(cond.toFloatArray()).isNotEqualTo(uncond.toFloatArray());
  }

  static void assertClose(NDArray actual, NDArray expected) {
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i])
          .as("logit %d", i)
          .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }
}
