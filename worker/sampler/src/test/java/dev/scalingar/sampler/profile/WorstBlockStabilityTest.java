package dev.scalingar.sampler.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WorstBlockStabilityTest {

  @Test
  void findsTheOneHotBlock() {
    // 8×8 grid, 4×4 blocks: block 1 is rows 0–3, columns 4–7
    WorstBlockStability blocks = new WorstBlockStability(8, 8, 4, 0.25, 0.1);
    assertThat(blocks.blockCount()).isEqualTo(4);
    for (int p = 0; p < 64; p++) {
      boolean hot = p / 8 < 4 && p % 8 >= 4;
      blocks.add(p, hot ? 0.9 : 0.1);
    }
    assertThat(blocks.blockScore(1)).isCloseTo(0.9, within(1e-12));
    // q = 10% of 4 counted blocks rounds up to one block: the hot one
    assertThat(blocks.worstMean()).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void worstFractionAveragesTheHighestBlocks() {
    WorstBlockStability blocks = new WorstBlockStability(4, 16, 4, 0.25, 0.5); // 4 blocks in a row
    double[] score = {0.2, 0.8, 0.4, 0.6};
    for (int p = 0; p < 64; p++) blocks.add(p, score[(p % 16) / 4]);
    assertThat(blocks.worstMean()).isCloseTo((0.8 + 0.6) / 2, within(1e-12));
  }

  @Test
  void aBlockCountsOnlyFromItsFillRatio() {
    WorstBlockStability blocks = new WorstBlockStability(8, 8, 4, 0.25, 0.1);
    // 16-cell block 0: 3 tokens (row 0, columns 0–2) are below 25%
    blocks.add(0, 0.5);
    blocks.add(1, 0.5);
    blocks.add(2, 0.5);
    assertThat(blocks.counts(0)).isFalse();
    assertThat(blocks.worstMean()).isNaN();
    blocks.add(3, 0.7); // the 4th token: 4/16 = 25%
    assertThat(blocks.counts(0)).isTrue();
    assertThat(blocks.worstMean()).isCloseTo(0.55, within(1e-12));
    blocks.add(4, 1.0); // block 1 has 1/16: still not counted
    assertThat(blocks.worstMean()).isCloseTo(0.55, within(1e-12));
  }

  @Test
  void edgeBlocksMeasureTheirFillAgainstTheirOwnCells() {
    // 6 columns, b = 4: block 1 covers columns 4–5, 4 rows × 2 = 8 cells, counts after 2 tokens
    WorstBlockStability blocks = new WorstBlockStability(6, 6, 4, 0.25, 0.1);
    assertThat(blocks.blockCount()).isEqualTo(4);
    blocks.add(4, 0.3);
    assertThat(blocks.counts(1)).isFalse();
    blocks.add(5, 0.5);
    assertThat(blocks.counts(1)).isTrue();
    assertThat(blocks.blockOf(5)).isEqualTo(1);
    assertThat(blocks.blockOf(6 * 4)).isEqualTo(2);
  }
}
