package dev.scalingar.model;

import static dev.scalingar.model.TransformerTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The rotation is LlamaGen's 2D RoPE, pair by pair, computed here from its definition. */
class Rope2dTest {

  @Test
  void everyPairRotatesByItsRowOrColumnAngleAndThePrefixStaysPut() {
    int hd = TINY.headDim();
    int heads = TINY.nHead();
    int seq = TINY.clsTokenNum() + TINY.blockSize() - 1;
    Random random = new Random(5);
    float[] x = new float[seq * heads * hd];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    try (NDManager m = NDManager.newBaseManager();
        Rope2d rope = new Rope2d(m, TINY)) {
      NDArray in = m.create(x, new Shape(1, seq, heads, hd));
      float[] sequence = Rope2d.apply(in, rope.forSequence(seq)).toFloatArray();
      long[] positions = new long[seq];
      for (int t = 0; t < seq; t++) {
        positions[t] = t;
      }
      // one position per row, as decoding asks for it: the same rotation
      float[] perRow =
          Rope2d.apply(in.reshape(seq, 1, heads, hd), rope.forPositions(m.create(positions)))
              .toFloatArray();
      for (int t = 0; t < seq; t++) {
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < hd / 2; i++) {
            double angle = angle(t, i, hd);
            int at = ((t * heads) + h) * hd + 2 * i;
            double x0 = x[at];
            double x1 = x[at + 1];
            double e0 = x0 * Math.cos(angle) - x1 * Math.sin(angle);
            double e1 = x1 * Math.cos(angle) + x0 * Math.sin(angle);
            assertThat((double) sequence[at])
                .as("t=%d h=%d pair %d", t, h, i)
                .isCloseTo(e0, Offset.offset(1e-5));
            assertThat((double) sequence[at + 1]).isCloseTo(e1, Offset.offset(1e-5));
            assertThat(perRow[at]).isEqualTo(sequence[at]);
            assertThat(perRow[at + 1]).isEqualTo(sequence[at + 1]);
          }
        }
      }
    }
  }

  /**
   * Pairs 0..hd/4-1 turn with the token's grid row, the rest with its column; prefix positions not
   * at all.
   */
  static double angle(int t, int pair, int hd) {
    if (t < TINY.clsTokenNum()) {
      return 0;
    }
    int token = t - TINY.clsTokenNum();
    int quarter = hd / 4;
    double freq = 1.0 / Math.pow(TINY.ropeBase(), (2.0 * (pair % quarter)) / (hd / 2.0));
    return (pair < quarter ? token / TINY.gridSize() : token % TINY.gridSize()) * freq;
  }
}
