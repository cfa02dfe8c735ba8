package dev.scalingar.sampler.sampling;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The distribution one trajectory samples from at one step, and everything the profile reads from
 * it. One instance per session is reused for every trajectory-step (its arrays are scratch).
 *
 * <p>Order of use: {@link #compute} (guided logits, pi, Hn, m, K), {@link #filter} (top-k/top-p),
 * then {@link #draw}. The statistics are closed forms over one pass, so no per-token logarithm is
 * taken: with {@code x_i = (g_i − max g)/T}, {@code w_i = exp(x_i)}, {@code Z = Σ w_i},
 *
 * <pre>
 *   H(pi)        = ln Z − Σ w_i·x_i / Z
 *   KL(pc‖pu)    = Σ pc_i·(lc_i − lu_i) − max lc − ln Zc + max lu + ln Zu
 *   KL(U‖pi)     = ln Z − mean(x) − ln V'      (self-certainty, over the V' unmasked tokens)
 * </pre>
 *
 * <p>Masked tokens: a logit of −∞ masks its token. CHOICE: a token masked in either half is masked
 * in both, so pi, pc and pu share one support of V' tokens and K stays finite (a token with pc &gt;
 * 0 = pu would make the KL infinite). Hn is still normalised by ln V, the full vocabulary, as
 * docs/algorithm.md writes it. NaN and +∞ logits are rejected.
 */
public final class GuidedDistribution {

  private static final float NEG_INF = Float.NEGATIVE_INFINITY;

  private final int vocabularySize;
  private final double logVocabulary;
  // [vocab] arrays, reused every step; split into simple loops so C2 vectorises them
  private final double[] difference; // lc − lu, 0 where masked
  private final double[] guided; // g = lu + s·(lc − lu); max g where masked
  private final double[] weights; // w = exp(x), 0 where masked
  private final double[] condWeights; // exp(lc − max lc); after compute(): scratch of the filter
  private final double[] uncondWeights; // exp(lu − max lu)
  private final int[] masked; // indices of masked tokens, [0, maskedCount)
  private int maskedCount;

  private double normaliser; // Z
  private double logNormaliser; // ln Z
  private double entropy; // H(pi), nats
  private double selfCertainty; // KL(U‖pi)
  private double divergence; // KL(pc‖pu)
  private int support; // V'
  private int top1, top2; // token indices, top2 = -1 when V' = 1
  private double maxGuided, maxCond, maxUncond; // over the support
  private double inverseTemperature;
  private double threshold; // tokens with w ≥ threshold survive the filter
  private double keptMass; // Σ of the surviving w

  public GuidedDistribution(int vocabularySize) {
    if (vocabularySize < 2)
      throw new IllegalArgumentException("vocabularySize must be ≥ 2, was " + vocabularySize);
    this.vocabularySize = vocabularySize;
    logVocabulary = Math.log(vocabularySize);
    difference = new double[vocabularySize];
    guided = new double[vocabularySize];
    weights = new double[vocabularySize];
    condWeights = new double[vocabularySize];
    uncondWeights = new double[vocabularySize];
    masked = new int[vocabularySize];
  }

  public int vocabularySize() {
    return vocabularySize;
  }

  /**
   * Guided logits {@code g = lu + s·(lc − lu)}, pi = softmax(g / T), and K on the raw halves. Reads
   * {@code vocabularySize} floats of each half from the given offsets.
   *
   * @throws IllegalArgumentException on NaN or +∞ logits, or when every token is masked
   */
  public void compute(
      float[] cond,
      int condOffset,
      float[] uncond,
      int uncondOffset,
      double scale,
      double temperature) {
    checkBounds("cond", cond, condOffset);
    checkBounds("uncond", uncond, uncondOffset);
    int v = vocabularySize;
    for (int i = 0; i < v; i++) {
      double u = uncond[uncondOffset + i];
      double d = cond[condOffset + i] - u;
      difference[i] = d;
      guided[i] = u + scale * d;
    }
    scanSupport(cond, condOffset, uncond, uncondOffset);
    inverseTemperature = 1 / temperature;
    FastExp.expShifted(guided, maxGuided, inverseTemperature, weights, v);
    // widen first, in loops of their own: C2 vectorises the conversion and the exp separately
    for (int i = 0; i < v; i++) condWeights[i] = cond[condOffset + i];
    for (int i = 0; i < v; i++) uncondWeights[i] = uncond[uncondOffset + i];
    FastExp.expShifted(condWeights, maxCond, 1.0, condWeights, v);
    FastExp.expShifted(uncondWeights, maxUncond, 1.0, uncondWeights, v);
    for (int j = 0; j < maskedCount; j++) {
      int i = masked[j];
      // g = max g makes x = 0, so masked tokens drop out of Σx as their zero weights drop out of Z
      guided[i] = maxGuided;
      difference[i] = weights[i] = condWeights[i] = uncondWeights[i] = 0;
    }
    summarise();
    threshold = 0;
    keptMass = normaliser;
  }

  private void checkBounds(String half, float[] logits, int offset) {
    if (offset < 0 || offset + vocabularySize > logits.length) {
      throw new IllegalArgumentException(
          half
              + " logits hold "
              + logits.length
              + " floats, need "
              + vocabularySize
              + " from offset "
              + offset);
    }
  }

  /**
   * The scalar pass: validation, masks, the maxima of g, lc, lu over the support, the top two of g.
   */
  private void scanSupport(float[] cond, int co, float[] uncond, int uo) {
    double best = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
    float maxC = NEG_INF, maxU = NEG_INF;
    int first = -1, runnerUp = -1;
    maskedCount = 0;
    for (int i = 0; i < vocabularySize; i++) {
      float c = cond[co + i], u = uncond[uo + i];
      // c + u is finite exactly when both are (or both are huge: the slow path sorts that out)
      if (!(Math.abs(c + u) < Float.POSITIVE_INFINITY) && isMasked(i, c, u)) {
        masked[maskedCount++] = i;
        continue;
      }
      double g = guided[i];
      // strict comparisons: among equal logits the lowest index ranks first
      if (g > second) {
        if (g > best) {
          second = best;
          runnerUp = first;
          best = g;
          first = i;
        } else {
          second = g;
          runnerUp = i;
        }
      }
      if (c > maxC) maxC = c;
      if (u > maxU) maxU = u;
    }
    support = vocabularySize - maskedCount;
    if (support == 0)
      throw new IllegalArgumentException("every token is masked (-Infinity) in cond or uncond");
    top1 = first;
    top2 = runnerUp;
    maxGuided = best;
    maxCond = maxC;
    maxUncond = maxU;
  }

  /** Slow path of the scan: true for a masked token, an exception for NaN or +∞. */
  private static boolean isMasked(int i, float c, float u) {
    if (!(c < Float.POSITIVE_INFINITY) || !(u < Float.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "logit of token "
              + i
              + " is "
              + (c < Float.POSITIVE_INFINITY ? u : c)
              + ": logits must be finite or -Infinity (masked)");
    }
    return c == NEG_INF || u == NEG_INF;
  }

  /**
   * Z, H(pi), self-certainty and KL(pc‖pu) from the weight arrays, x = (g − max g)/T recomputed on
   * the fly. Two accumulators each, to halve the latency chains of the sums.
   */
  private void summarise() {
    double z0 = 0,
        z1 = 0,
        wx0 = 0,
        wx1 = 0,
        x0 = 0,
        x1 = 0,
        zc0 = 0,
        zc1 = 0,
        cd0 = 0,
        cd1 = 0,
        zu0 = 0,
        zu1 = 0;
    double shift = maxGuided, factor = inverseTemperature;
    int v = vocabularySize, i = 0;
    for (; i + 1 < v; i += 2) {
      double xa = (guided[i] - shift) * factor, xb = (guided[i + 1] - shift) * factor;
      z0 += weights[i];
      z1 += weights[i + 1];
      wx0 += weights[i] * xa;
      wx1 += weights[i + 1] * xb;
      x0 += xa;
      x1 += xb;
      zc0 += condWeights[i];
      zc1 += condWeights[i + 1];
      cd0 += condWeights[i] * difference[i];
      cd1 += condWeights[i + 1] * difference[i + 1];
      zu0 += uncondWeights[i];
      zu1 += uncondWeights[i + 1];
    }
    if (i < v) {
      double xa = (guided[i] - shift) * factor;
      z0 += weights[i];
      wx0 += weights[i] * xa;
      x0 += xa;
      zc0 += condWeights[i];
      cd0 += condWeights[i] * difference[i];
      zu0 += uncondWeights[i];
    }
    double z = z0 + z1, zCond = zc0 + zc1, zUncond = zu0 + zu1;
    normaliser = z;
    logNormaliser = Math.log(z);
    entropy = Math.max(0, logNormaliser - (wx0 + wx1) / z);
    selfCertainty = Math.max(0, logNormaliser - (x0 + x1) / support - Math.log(support));
    double kl = (cd0 + cd1) / zCond - maxCond + maxUncond - Math.log(zCond) + Math.log(zUncond);
    // rounding can leave a tiny negative value when pc = pu
    divergence = Math.max(0, kl);
  }

  /** Hn = H(pi) / ln V, in [0,1]. */
  public double normalisedEntropy() {
    return Math.min(1, entropy / logVocabulary);
  }

  /** m = pi(top1) − pi(top2), in [0,1]; 1 when a single token is unmasked. */
  public double margin() {
    double second = top2 < 0 ? 0 : weights[top2];
    return Math.min(1, Math.max(0, (weights[top1] - second) / normaliser));
  }

  /** K = KL(pc‖pu), pc = softmax(lc), pu = softmax(lu), temperature 1. */
  public double conditionalDivergence() {
    return divergence;
  }

  /** KL(U‖pi), the self-certainty of the step (Kang et al. 2025): BoN's reward-free default. */
  public double selfCertainty() {
    return selfCertainty;
  }

  /** ln pi(token) before filtering. */
  public double logProbability(int token) {
    return Math.log(weights[token]) - logNormaliser;
  }

  /** pi(token) before filtering. */
  public double probability(int token) {
    return weights[token] / normaliser;
  }

  /** The most probable token (lowest index among equals). */
  public int mostProbable() {
    return top1;
  }

  /**
   * Restricts the draw to the top-k tokens, then to the nucleus of mass {@code topP}. Tokens tied
   * with the last one kept are kept too, so k and p are lower bounds under ties.
   *
   * @param topK 0 (or ≥ V') = off
   * @param topP 1 = off
   */
  public void filter(int topK, double topP) {
    threshold = 0;
    keptMass = normaliser;
    if (topK > 0 && topK < support) {
      threshold = kthLargestWeight(topK);
      keptMass = massAtOrAbove(threshold);
    }
    if (topP < 1) {
      threshold = Math.max(threshold, nucleusThreshold(topP));
      keptMass = massAtOrAbove(threshold);
    }
  }

  private double kthLargestWeight(int k) {
    int n = 0;
    for (int i = 0; i < vocabularySize; i++) if (weights[i] > 0) condWeights[n++] = weights[i];
    if (k >= n) return Double.MIN_VALUE;
    return Selection.kthSmallest(condWeights, n, n - k);
  }

  private double nucleusThreshold(double topP) {
    int kept = 0;
    for (int i = 0; i < vocabularySize; i++) if (isKept(weights[i])) kept++;
    // tokens below (1 − p)·mass/(n − 1) cannot be in the nucleus: together they weigh < (1 −
    // p)·mass
    double cutoff = kept > 1 ? (1 - topP) * keptMass / (kept - 1) : 0;
    int n = 0;
    for (int i = 0; i < vocabularySize; i++) {
      double w = weights[i];
      if (isKept(w) && w >= cutoff) condWeights[n++] = w;
    }
    Arrays.sort(condWeights, 0, n);
    double target = topP * keptMass, cumulative = 0;
    for (int j = n - 1; j >= 0; j--) {
      cumulative += condWeights[j];
      if (cumulative >= target) return condWeights[j];
    }
    return n > 0 ? condWeights[0] : threshold;
  }

  private boolean isKept(double w) {
    return w > 0 && w >= threshold;
  }

  private double massAtOrAbove(double t) {
    double mass = 0;
    for (int i = 0; i < vocabularySize; i++)
      if (weights[i] > 0 && weights[i] >= t) mass += weights[i];
    return mass;
  }

  /** Hn of the filtered distribution (renormalised over the kept tokens), still over ln V. */
  public double filteredNormalisedEntropy() {
    if (threshold == 0) return normalisedEntropy();
    double weighted = 0;
    for (int i = 0; i < vocabularySize; i++) {
      double w = weights[i];
      if (isKept(w)) weighted += w * Math.log(w);
    }
    double h = Math.log(keptMass) - weighted / keptMass;
    return Math.min(1, Math.max(0, h / logVocabulary));
  }

  /** m of the filtered distribution. */
  public double filteredMargin() {
    if (threshold == 0) return margin();
    double second = top2 >= 0 && isKept(weights[top2]) ? weights[top2] : 0;
    return Math.min(1, Math.max(0, (weights[top1] - second) / keptMass));
  }

  /**
   * Draws one token from the filtered distribution with exactly one {@code nextDouble()}, so a
   * trajectory's stream advances identically whatever the filter.
   */
  public int draw(RandomGenerator random) {
    double target = random.nextDouble() * keptMass;
    double cumulative = 0;
    int last = top1;
    for (int i = 0; i < vocabularySize; i++) {
      double w = weights[i];
      if (!isKept(w)) continue;
      cumulative += w;
      last = i;
      if (cumulative > target) return i;
    }
    return last; // rounding left target at the very top of the mass
  }
}
