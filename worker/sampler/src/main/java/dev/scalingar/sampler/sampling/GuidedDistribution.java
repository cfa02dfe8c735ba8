package dev.scalingar.sampler.sampling;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The distribution one trajectory samples from at one step, and everything the profile reads
 * from it. One instance per session is reused for every trajectory-step (its arrays are scratch).
 *
 * <p>Order of use: {@link #compute} (guided logits, pi, Hn, m, K), {@link #filter} (top-k/top-p),
 * then {@link #draw}. The statistics are closed forms over one pass, so no per-token logarithm is
 * taken: with {@code x_i = (g_i − max g)/T}, {@code w_i = exp(x_i)}, {@code Z = Σ w_i},
 * <pre>
 *   H(pi)        = ln Z − Σ w_i·x_i / Z
 *   KL(pc‖pu)    = Σ pc_i·(lc_i − lu_i) − max lc − ln Zc + max lu + ln Zu
 *   KL(U‖pi)     = ln Z − mean(x) − ln V'      (self-certainty, over the V' unmasked tokens)
 * </pre>
 *
 * <p>Masked tokens: a logit of −∞ masks its token. CHOICE: a token masked in either half is
 * masked in both, so pi, pc and pu share one support of V' tokens and K stays finite (a token
 * with pc &gt; 0 = pu would make the KL infinite). Hn is still normalised by ln V, the full
 * vocabulary, as SCALINGAR.md writes it. NaN and +∞ logits are rejected.
 */
public final class GuidedDistribution {

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    private final int vocabularySize;
    private final double logVocabulary;
    private final double[] weights; // [vocab] w_i = exp(x_i); 0 where masked
    private final double[] scratch; // [vocab] top-k selection and top-p sort

    private double normaliser; // Z
    private double logNormaliser; // ln Z
    private double entropy; // H(pi), nats
    private double selfCertainty; // KL(U‖pi)
    private double divergence; // KL(pc‖pu)
    private int support; // V'
    private int top1, top2; // token indices, top2 = -1 when V' = 1
    private double maxCond, maxUncond; // over the support
    private double threshold; // tokens with w ≥ threshold survive the filter
    private double keptMass; // Σ of the surviving w

    public GuidedDistribution(int vocabularySize) {
        if (vocabularySize < 2) throw new IllegalArgumentException("vocabularySize must be ≥ 2, was " + vocabularySize);
        this.vocabularySize = vocabularySize;
        logVocabulary = Math.log(vocabularySize);
        weights = new double[vocabularySize];
        scratch = new double[vocabularySize];
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    /**
     * Guided logits {@code g = lu + s·(lc − lu)}, pi = softmax(g / T), and K on the raw halves.
     * Reads {@code vocabularySize} floats of each half from the given offsets.
     *
     * @throws IllegalArgumentException on NaN or +∞ logits, or when every token is masked
     */
    public void compute(float[] cond, int condOffset, float[] uncond, int uncondOffset, double scale, double temperature) {
        if (condOffset < 0 || condOffset + vocabularySize > cond.length) {
            throw new IllegalArgumentException("cond logits hold " + cond.length + " floats, need "
                    + vocabularySize + " from offset " + condOffset);
        }
        if (uncondOffset < 0 || uncondOffset + vocabularySize > uncond.length) {
            throw new IllegalArgumentException("uncond logits hold " + uncond.length + " floats, need "
                    + vocabularySize + " from offset " + uncondOffset);
        }
        double maxGuided = guidedLogits(cond, condOffset, uncond, uncondOffset, scale);
        normalise(cond, condOffset, uncond, uncondOffset, maxGuided, 1 / temperature);
        threshold = 0;
        keptMass = normaliser;
    }

    /** Pass 1: g into {@code weights}, the support, the maxima of g, lc, lu, and the top two of g. */
    private double guidedLogits(float[] cond, int co, float[] uncond, int uo, double scale) {
        double maxGuided = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
        float maxC = NEG_INF, maxU = NEG_INF;
        int first = -1, runnerUp = -1, count = 0;
        for (int i = 0; i < vocabularySize; i++) {
            float c = cond[co + i], u = uncond[uo + i];
            if (!(c < Float.POSITIVE_INFINITY) || !(u < Float.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("logit of token " + i + " is " + (c < Float.POSITIVE_INFINITY ? u : c)
                        + ": logits must be finite or -Infinity (masked)");
            }
            if (c == NEG_INF || u == NEG_INF) {
                weights[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double g = u + scale * ((double) c - u);
            weights[i] = g;
            count++;
            maxC = Math.max(maxC, c);
            maxU = Math.max(maxU, u);
            // strict comparisons: among equal logits the lowest index ranks first
            if (g > maxGuided) {
                second = maxGuided;
                runnerUp = first;
                maxGuided = g;
                first = i;
            } else if (g > second) {
                second = g;
                runnerUp = i;
            }
        }
        if (count == 0) throw new IllegalArgumentException("every token is masked (-Infinity) in cond or uncond");
        support = count;
        maxCond = maxC;
        maxUncond = maxU;
        top1 = first;
        top2 = runnerUp;
        return maxGuided;
    }

    /** Pass 2: weights, Z, H(pi), self-certainty and KL(pc‖pu) in one sweep. */
    private void normalise(float[] cond, int co, float[] uncond, int uo, double maxGuided, double inverseTemperature) {
        double z = 0, weightedX = 0, sumX = 0, zCond = 0, crossCond = 0, zUncond = 0;
        for (int i = 0; i < vocabularySize; i++) {
            double g = weights[i];
            if (g == Double.NEGATIVE_INFINITY) {
                weights[i] = 0;
                continue;
            }
            double x = (g - maxGuided) * inverseTemperature;
            double w = FastExp.expNonPositive(x);
            weights[i] = w;
            z += w;
            weightedX += w * x;
            sumX += x;
            double c = cond[co + i], u = uncond[uo + i];
            double wc = FastExp.expNonPositive(c - maxCond);
            zCond += wc;
            crossCond += wc * (c - u);
            zUncond += FastExp.expNonPositive(u - maxUncond);
        }
        normaliser = z;
        logNormaliser = Math.log(z);
        entropy = Math.max(0, logNormaliser - weightedX / z);
        selfCertainty = Math.max(0, logNormaliser - sumX / support - Math.log(support));
        double kl = crossCond / zCond - maxCond + maxUncond - Math.log(zCond) + Math.log(zUncond);
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
        for (int i = 0; i < vocabularySize; i++) if (weights[i] > 0) scratch[n++] = weights[i];
        if (k >= n) return Double.MIN_VALUE;
        return Selection.kthSmallest(scratch, n, n - k);
    }

    private double nucleusThreshold(double topP) {
        int kept = 0;
        for (int i = 0; i < vocabularySize; i++) if (isKept(weights[i])) kept++;
        // tokens below (1 − p)·mass/(n − 1) cannot be in the nucleus: together they weigh < (1 − p)·mass
        double cutoff = kept > 1 ? (1 - topP) * keptMass / (kept - 1) : 0;
        int n = 0;
        for (int i = 0; i < vocabularySize; i++) {
            double w = weights[i];
            if (isKept(w) && w >= cutoff) scratch[n++] = w;
        }
        Arrays.sort(scratch, 0, n);
        double target = topP * keptMass, cumulative = 0;
        for (int j = n - 1; j >= 0; j--) {
            cumulative += scratch[j];
            if (cumulative >= target) return scratch[j];
        }
        return n > 0 ? scratch[0] : threshold;
    }

    private boolean isKept(double w) {
        return w > 0 && w >= threshold;
    }

    private double massAtOrAbove(double t) {
        double mass = 0;
        for (int i = 0; i < vocabularySize; i++) if (weights[i] > 0 && weights[i] >= t) mass += weights[i];
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
