package dev.scalingar.sampler.profile;

/**
 * The confidence state of one trajectory (SCALINGAR.md "Profile level"), updated once per step in
 * two phases, because B and D may be normalised across the job's trajectories:
 *
 * <ol>
 *   <li>{@link #observe}: the step's raw measurements (Hn, m, K at a grid position) update the
 *       token-level EMA, the block scores and the rolling windows of e and K;
 *   <li>{@link #conclude}: given B and D (from {@link #ownStability()} and {@link
 *       #ownUtilisation()}, or from a cross-section of the job), the intrinsic score I, the
 *       unified confidence C, the running minimum Cmin and the rebound R.
 * </ol>
 *
 * Mutable, owned by one thread (the engine's step loop).
 */
public final class ConfidenceProfile {

    private final ProfileConfig config;
    private final WorstBlockStability blocks;
    private final RollingWindow worstMeans; // e, last stabilityWindowRows·w values
    private final RollingWindow divergences; // K, last utilisationWindowRows·w values

    // phase-1 values of the current step
    private double hn, margin, uncertainty, e, kl;
    // EMAs: NaN until the first step, whose raw value is taken as is (SCALINGAR.md: first stok = k)
    private double stok = Double.NaN;
    private double intrinsic = Double.NaN;
    private double cmin = Double.POSITIVE_INFINITY;
    private ConfidenceState state;

    public ConfidenceProfile(ProfileConfig config, int height, int width) {
        this.config = config;
        blocks = new WorstBlockStability(height, width, config.blockSize(), config.blockFillRatio(),
                config.worstBlockFraction());
        worstMeans = new RollingWindow(config.stabilityWindowRows() * width);
        divergences = new RollingWindow(config.utilisationWindowRows() * width);
    }

    /**
     * Phase 1. Token-level confidence {@code u = aH·Hn + aM·(1 − m)}, {@code k = 1 − u},
     * {@code stok ← (1 − ltok)·stok + ltok·k}; the token's Hn joins its block; e and K join their
     * rolling windows (e only once a block counts).
     *
     * @param position raster position of the token sampled this step
     * @param hn normalised entropy of the guided distribution, [0,1]
     * @param m top-1 minus top-2 probability, [0,1]
     * @param k KL(pc‖pu) ≥ 0
     */
    public void observe(int position, double hn, double m, double k) {
        this.hn = Normalisation.clampUnit(hn);
        this.margin = Normalisation.clampUnit(m);
        this.kl = Math.max(0, k);
        uncertainty = Normalisation.clampUnit(config.entropyWeight() * this.hn + config.marginWeight() * (1 - this.margin));
        double confidence = 1 - uncertainty;
        stok = Double.isNaN(stok) ? confidence : (1 - config.tokenRate()) * stok + config.tokenRate() * confidence;
        blocks.add(position, this.hn);
        e = blocks.worstMean();
        if (!Double.isNaN(e)) worstMeans.add(e);
        divergences.add(kl);
    }

    /** e of the current step (NaN before any block counts). */
    public double worstBlockEntropy() {
        return e;
    }

    /** K of the current step. */
    public double conditionalDivergence() {
        return kl;
    }

    /** B = 1 − rollnorm(e) over the trajectory's own last values of e; 1 before any block counts. */
    public double ownStability() {
        if (Double.isNaN(e)) return 1;
        return 1 - Normalisation.rollnorm(e, worstMeans.min(), worstMeans.max());
    }

    /** D = sigmoid of the z-score of K against the trajectory's own last values of K. */
    public double ownUtilisation() {
        return Normalisation.sigmoidZ(kl, divergences.mean(), divergences.variance());
    }

    /**
     * Phase 2. {@code Iraw = wtok·stok + wblk·B}, {@code I ← (1 − lI)·I + lI·Iraw},
     * {@code C = wI·I + wD·D} (then {@code sigmoid(a·C + b)} if calibrated), {@code Cmin} the
     * running minimum, {@code R = (C − Cmin) / (|Cmin| + 1e-6)}.
     */
    public ConfidenceState conclude(double b, double d) {
        double raw = config.tokenWeight() * stok + config.blockWeight() * b;
        intrinsic = Double.isNaN(intrinsic) ? raw : (1 - config.intrinsicRate()) * intrinsic + config.intrinsicRate() * raw;
        double c = config.intrinsicWeight() * intrinsic + config.conditionalWeight() * d;
        if (config.calibrated()) c = Normalisation.sigmoid(config.calibrationSlope() * c + config.calibrationOffset());
        cmin = Math.min(cmin, c);
        double r = (c - cmin) / (Math.abs(cmin) + ProfileConfig.EPSILON);
        state = new ConfidenceState(hn, margin, uncertainty, stok, e, b, intrinsic, kl, d, c, cmin, r);
        return state;
    }

    /**
     * Called when the termination gate flags this trajectory. With {@link MinimumReset#ON_FLAG}
     * (CHOICE) Cmin restarts from the current C, so R measures the rebound since the flag; with
     * {@link MinimumReset#ALL_HISTORY} nothing changes.
     */
    public ConfidenceState restartMinimum() {
        if (config.minimumReset() == MinimumReset.ON_FLAG && state != null) {
            cmin = state.c();
            state = state.withMinimumAtC();
        }
        return state;
    }

    /** The state after the last {@link #conclude}; null before the first step. */
    public ConfidenceState state() {
        return state;
    }

    /** Takes over another trajectory's whole profile (importance sampling's state copy). */
    public void copyFrom(ConfidenceProfile other) {
        blocks.copyFrom(other.blocks);
        worstMeans.copyFrom(other.worstMeans);
        divergences.copyFrom(other.divergences);
        hn = other.hn;
        margin = other.margin;
        uncertainty = other.uncertainty;
        e = other.e;
        kl = other.kl;
        stok = other.stok;
        intrinsic = other.intrinsic;
        cmin = other.cmin;
        state = other.state;
    }
}
