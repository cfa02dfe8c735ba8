package dev.scalingar.sampler.profile;

import java.util.Objects;

/**
 * Every knob of the profile level. {@link #paperDefaults()} holds the paper's values (v3 appendix)
 * and, where the paper is silent, this project's CHOICE from SCALINGAR.md.
 *
 * @param entropyWeight aH in {@code u = aH·Hn + aM·(1 − m)}. Paper: 0.5 (its sweep liked 0.7).
 * @param marginWeight aM. Paper: 0.5 (sweep: 0.3). aH + aM must be 1, so u stays in [0,1].
 * @param tokenRate ltok in {@code stok ← (1 − ltok)·stok + ltok·k}. Paper: 0.2.
 * @param blockSize b, the side of the non-overlapping b×b blocks. Paper: 4.
 * @param blockFillRatio share of a block's cells that must be generated before the block counts.
 *     CHOICE: 0.25 (v1 names a minimum fill ratio without a value).
 * @param worstBlockFraction q, the share of counted blocks (highest E_j) whose mean is e; at least
 *     one block, rounded up (CHOICE). Paper: 0.1.
 * @param stabilityWindowRows the rolling min–max window of e, in grid rows: the last
 *     {@code stabilityWindowRows·w} values. CHOICE: 2.
 * @param stabilityReference what rollnorm(e) compares with. CHOICE: {@link Reference#OWN_HISTORY}.
 * @param tokenWeight wtok in {@code Iraw = wtok·stok + wblk·B}. Paper: 0.65.
 * @param blockWeight wblk. Paper: 0.35. wtok + wblk must be 1.
 * @param intrinsicRate lI in {@code I ← (1 − lI)·I + lI·Iraw}. Paper: 0.2.
 * @param utilisationWindowRows the rolling z-score window of K, in grid rows. CHOICE: 2.
 * @param utilisationReference what the z-score of K compares with. CHOICE: {@link
 *     Reference#OWN_HISTORY}; {@link Reference#ACROSS_TRAJECTORIES} is the alternative.
 * @param intrinsicWeight wI in {@code C = wI·I + wD·D}. Paper: 0.75.
 * @param conditionalWeight wD. Paper: 0.25. wI + wD must be 1.
 * @param calibration when present, C is its probability over the trajectory's features instead of
 *     the paper's blend ({@code null}: the paper's C). v1's {@code sigmoid(a·C + b)} is {@link
 *     Calibration#affine}. Default: none; the worker serves the model's shipped calibration.
 * @param featureRate the rate of the EMA features ({@link Feature#SURPRISAL_REL_EMA}). CHOICE:
 *     0.05, a memory of ~20 steps, a bit more than a grid row of 16.
 * @param minimumReset how Cmin is kept. CHOICE: {@link MinimumReset#ON_FLAG}.
 * @param signalsOnFilteredDistribution compute Hn and m on the top-k/top-p filtered distribution
 *     instead of the full guided one. CHOICE: false (signals read pi before filtering).
 */
public record ProfileConfig(
        double entropyWeight,
        double marginWeight,
        double tokenRate,
        int blockSize,
        double blockFillRatio,
        double worstBlockFraction,
        int stabilityWindowRows,
        Reference stabilityReference,
        double tokenWeight,
        double blockWeight,
        double intrinsicRate,
        int utilisationWindowRows,
        Reference utilisationReference,
        double intrinsicWeight,
        double conditionalWeight,
        Calibration calibration,
        double featureRate,
        MinimumReset minimumReset,
        boolean signalsOnFilteredDistribution) {

    /** The flat-window test of rollnorm and the denominators' guard (SCALINGAR.md: 1e-6). */
    public static final double EPSILON = 1e-6;

    public ProfileConfig {
        unit("entropyWeight", entropyWeight);
        unit("marginWeight", marginWeight);
        sumsToOne("entropyWeight + marginWeight", entropyWeight, marginWeight);
        rate("tokenRate", tokenRate);
        if (blockSize < 1 || blockSize > 1024) {
            throw new IllegalArgumentException("profile.blockSize must be in [1,1024], was " + blockSize);
        }
        rate("blockFillRatio", blockFillRatio);
        rate("worstBlockFraction", worstBlockFraction);
        window("stabilityWindowRows", stabilityWindowRows);
        Objects.requireNonNull(stabilityReference, "profile.stabilityReference");
        unit("tokenWeight", tokenWeight);
        unit("blockWeight", blockWeight);
        sumsToOne("tokenWeight + blockWeight", tokenWeight, blockWeight);
        rate("intrinsicRate", intrinsicRate);
        window("utilisationWindowRows", utilisationWindowRows);
        Objects.requireNonNull(utilisationReference, "profile.utilisationReference");
        unit("intrinsicWeight", intrinsicWeight);
        unit("conditionalWeight", conditionalWeight);
        sumsToOne("intrinsicWeight + conditionalWeight", intrinsicWeight, conditionalWeight);
        rate("featureRate", featureRate);
        Objects.requireNonNull(minimumReset, "profile.minimumReset");
    }

    public static ProfileConfig paperDefaults() {
        return new ProfileConfig(0.5, 0.5, 0.2, 4, 0.25, 0.1, 2, Reference.OWN_HISTORY,
                0.65, 0.35, 0.2, 2, Reference.OWN_HISTORY, 0.75, 0.25,
                null, 0.05, MinimumReset.ON_FLAG, false);
    }

    /** Ablation "without token-level confidence": wtok → 0, renormalised (wblk = 1). */
    public ProfileConfig withoutTokenLevel() {
        return toBuilder().intrinsicBlend(0, 1).build();
    }

    /** Ablation "without worst-block stability": wblk → 0, renormalised (wtok = 1). */
    public ProfileConfig withoutWorstBlock() {
        return toBuilder().intrinsicBlend(1, 0).build();
    }

    /** Ablation "without the conditional channel": C = I. */
    public ProfileConfig withoutConditional() {
        return toBuilder().unifiedBlend(1, 0).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("profile." + name + " must be in [0,1], was " + v);
    }

    private static void rate(String name, double v) {
        if (!(v > 0 && v <= 1)) throw new IllegalArgumentException("profile." + name + " must be in (0,1], was " + v);
    }

    private static void window(String name, int v) {
        if (v < 1 || v > 64) throw new IllegalArgumentException("profile." + name + " must be in [1,64], was " + v);
    }

    private static void sumsToOne(String name, double a, double b) {
        if (Math.abs(a + b - 1) > 1e-9) {
            throw new IllegalArgumentException("profile." + name + " must be 1, was " + (a + b));
        }
    }

    /** Changes a few fields of a config; {@link #build()} validates the result. */
    public static final class Builder {
        private double entropyWeight, marginWeight, tokenRate, blockFillRatio, worstBlockFraction;
        private double tokenWeight, blockWeight, intrinsicRate, intrinsicWeight, conditionalWeight;
        private double featureRate;
        private Calibration calibration;
        private int blockSize, stabilityWindowRows, utilisationWindowRows;
        private Reference stabilityReference, utilisationReference;
        private boolean signalsOnFilteredDistribution;
        private MinimumReset minimumReset;

        private Builder(ProfileConfig c) {
            entropyWeight = c.entropyWeight;
            marginWeight = c.marginWeight;
            tokenRate = c.tokenRate;
            blockSize = c.blockSize;
            blockFillRatio = c.blockFillRatio;
            worstBlockFraction = c.worstBlockFraction;
            stabilityWindowRows = c.stabilityWindowRows;
            stabilityReference = c.stabilityReference;
            tokenWeight = c.tokenWeight;
            blockWeight = c.blockWeight;
            intrinsicRate = c.intrinsicRate;
            utilisationWindowRows = c.utilisationWindowRows;
            utilisationReference = c.utilisationReference;
            intrinsicWeight = c.intrinsicWeight;
            conditionalWeight = c.conditionalWeight;
            calibration = c.calibration;
            featureRate = c.featureRate;
            minimumReset = c.minimumReset;
            signalsOnFilteredDistribution = c.signalsOnFilteredDistribution;
        }

        /** aH, aM. */
        public Builder uncertaintyBlend(double entropy, double margin) {
            entropyWeight = entropy;
            marginWeight = margin;
            return this;
        }

        public Builder tokenRate(double v) {
            tokenRate = v;
            return this;
        }

        public Builder blockSize(int v) {
            blockSize = v;
            return this;
        }

        public Builder blockFillRatio(double v) {
            blockFillRatio = v;
            return this;
        }

        public Builder worstBlockFraction(double v) {
            worstBlockFraction = v;
            return this;
        }

        public Builder stabilityWindowRows(int v) {
            stabilityWindowRows = v;
            return this;
        }

        public Builder stabilityReference(Reference v) {
            stabilityReference = v;
            return this;
        }

        /** wtok, wblk. */
        public Builder intrinsicBlend(double token, double block) {
            tokenWeight = token;
            blockWeight = block;
            return this;
        }

        public Builder intrinsicRate(double v) {
            intrinsicRate = v;
            return this;
        }

        public Builder utilisationWindowRows(int v) {
            utilisationWindowRows = v;
            return this;
        }

        public Builder utilisationReference(Reference v) {
            utilisationReference = v;
            return this;
        }

        /** wI, wD. */
        public Builder unifiedBlend(double intrinsic, double conditional) {
            intrinsicWeight = intrinsic;
            conditionalWeight = conditional;
            return this;
        }

        /** Turns on v1's {@code C ← sigmoid(a·C + b)}. */
        public Builder calibration(double slope, double offset) {
            return calibration(Calibration.affine(slope, offset));
        }

        /** C from this calibration ({@code null}: the paper's C). */
        public Builder calibration(Calibration v) {
            calibration = v;
            return this;
        }

        public Builder featureRate(double v) {
            featureRate = v;
            return this;
        }

        public Builder minimumReset(MinimumReset v) {
            minimumReset = v;
            return this;
        }

        public Builder signalsOnFilteredDistribution(boolean v) {
            signalsOnFilteredDistribution = v;
            return this;
        }

        public ProfileConfig build() {
            return new ProfileConfig(entropyWeight, marginWeight, tokenRate, blockSize, blockFillRatio,
                    worstBlockFraction, stabilityWindowRows, stabilityReference, tokenWeight, blockWeight,
                    intrinsicRate, utilisationWindowRows, utilisationReference, intrinsicWeight,
                    conditionalWeight, calibration, featureRate, minimumReset,
                    signalsOnFilteredDistribution);
        }
    }
}
