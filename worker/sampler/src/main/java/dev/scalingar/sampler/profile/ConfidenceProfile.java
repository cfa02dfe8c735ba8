package dev.scalingar.sampler.profile;

/**
 * The confidence state of one trajectory (docs/algorithm.md "Profile level"), updated once per step
 * in two phases, because B and D may be normalised across the job's trajectories:
 *
 * <ol>
 *   <li>{@link #observe}: the step's raw measurements (Hn, m, K at a grid position) update the
 *       token-level EMA, the block scores and the rolling windows of e and K;
 *   <li>{@link #conclude}: given B and D (from {@link #ownStability()} and {@link
 *       #ownUtilisation()}, or from a cross-section of the job), the intrinsic score I, the unified
 *       confidence C, the running minimum Cmin and the rebound R.
 * </ol>
 *
 * Mutable, owned by one thread (the engine's step loop).
 */
public final class ConfidenceProfile {

  private final ProfileConfig config;
  private final WorstBlockStability blocks;
  private final RollingWindow worstMeans; // e, last stabilityWindowRows·w values
  private final RollingWindow divergences; // K, last utilisationWindowRows·w values
  private final TrajectoryFeatures features;
  private final Calibration calibration; // null: C is the paper's blend

  // phase-1 values of the current step
  private double hn, margin, uncertainty, e, kl, surprisal;
  // EMAs: NaN until the first step, whose raw value is taken as is (docs/algorithm.md: first stok =
  // k)
  private double stok = Double.NaN;
  private double intrinsic = Double.NaN;
  private double cmin = Double.POSITIVE_INFINITY;
  private ConfidenceState state;

  public ConfidenceProfile(ProfileConfig config, int height, int width) {
    this.config = config;
    blocks =
        new WorstBlockStability(
            height,
            width,
            config.block().size(),
            config.block().fillRatio(),
            config.block().worstFraction());
    worstMeans = new RollingWindow(config.block().windowRows() * width);
    divergences = new RollingWindow(config.conditional().windowRows() * width);
    features = new TrajectoryFeatures(config, height, width);
    calibration = config.calibration();
  }

  /**
   * Phase 1. Token-level confidence {@code u = aH·Hn + aM·(1 − m)}, {@code k = 1 − u}, {@code stok
   * ← (1 − ltok)·stok + ltok·k}; the token's Hn joins its block; e and K join their rolling windows
   * (e only once a block counts).
   *
   * @param position raster position of the token sampled this step
   * @param hn normalised entropy of the guided distribution, [0,1]
   * @param m top-1 minus top-2 probability, [0,1]
   * @param k KL(pc‖pu) ≥ 0
   * @param surprisal −log π(token) of the token drawn, ≥ 0 (feeds the {@link Feature}s only)
   */
  public void observe(int position, double hn, double m, double k, double surprisal) {
    this.hn = Normalisation.clampUnit(hn);
    this.margin = Normalisation.clampUnit(m);
    this.kl = Math.max(0, k);
    uncertainty =
        Normalisation.clampUnit(
            config.token().entropyWeight() * this.hn
                + config.token().marginWeight() * (1 - this.margin));
    double confidence = 1 - uncertainty;
    stok =
        Double.isNaN(stok)
            ? confidence
            : (1 - config.token().rate()) * stok + config.token().rate() * confidence;
    blocks.add(position, this.hn);
    e = blocks.worstMean();
    if (!Double.isNaN(e)) worstMeans.add(e);
    divergences.add(kl);
    this.surprisal = Double.isFinite(surprisal) ? Math.max(0, surprisal) : 0;
    features.observe(position, this.hn, this.margin, this.kl, this.surprisal);
  }

  /**
   * Phase 1b: the job's live trajectories at this step, for the position-relative features and
   * decision tokens. Without it (a profile on its own) those features stay 0.
   */
  public void relate(StepStatistics job) {
    features.relate(job);
  }

  /** s, the surprisal of this step's token. */
  public double surprisal() {
    return surprisal;
  }

  /** Hn of the current step (after clamping), for the job's {@link StepStatistics}. */
  public double normalisedEntropy() {
    return hn;
  }

  /** m of the current step (after clamping). */
  public double margin() {
    return margin;
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
   * Phase 2. {@code Iraw = wtok·stok + wblk·B}, {@code I ← (1 − lI)·I + lI·Iraw}, {@code C = wI·I +
   * wD·D} (or, with a {@link Calibration}, its probability over the features), {@code Cmin} the
   * running minimum, {@code R = (C − Cmin) / (|Cmin| + 1e-6)}.
   */
  public ConfidenceState conclude(double b, double d) {
    double raw = config.intrinsic().tokenWeight() * stok + config.intrinsic().blockWeight() * b;
    intrinsic =
        Double.isNaN(intrinsic)
            ? raw
            : (1 - config.intrinsic().rate()) * intrinsic + config.intrinsic().rate() * raw;
    double paperC =
        config.unified().intrinsicWeight() * intrinsic + config.unified().conditionalWeight() * d;
    if (calibration != null && calibration.jobRelative()) {
      // C waits for the job's other trajectories: Calibration.apply sets it
      state =
          new ConfidenceState(
              hn,
              margin,
              uncertainty,
              stok,
              e,
              b,
              intrinsic,
              kl,
              d,
              paperC,
              cmin,
              0,
              surprisal,
              paperC);
      return state;
    }
    double c = paperC;
    if (calibration != null)
      c =
          calibration.probability(
              calibrationInput(paperC), new double[calibration.features().size()]);
    return settle(b, d, c, paperC);
  }

  private ConfidenceState settle(double b, double d, double c, double paperC) {
    cmin = Math.min(cmin, c);
    double r = (c - cmin) / (Math.abs(cmin) + ProfileConfig.EPSILON);
    state =
        new ConfidenceState(
            hn, margin, uncertainty, stok, e, b, intrinsic, kl, d, c, cmin, r, surprisal, paperC);
    return state;
  }

  /** This step's values of the calibration's features, in its order (after {@link #conclude}). */
  double[] calibrationInput() {
    return calibrationInput(state.cPaper());
  }

  private double[] calibrationInput(double paperC) {
    double[] x = new double[calibration.features().size()];
    for (int i = 0; i < x.length; i++) x[i] = feature(calibration.features().get(i), paperC);
    return x;
  }

  /** Phase 2b of a job-relative calibration: C from the features less the job's offsets. */
  void calibrate(Calibration with, double[] x, double[] offsets) {
    if (with != calibration || !calibration.jobRelative())
      throw new IllegalStateException("not this profile's job-relative calibration");
    settle(state.b(), state.d(), with.probability(x, offsets), state.cPaper());
  }

  /** A feature's value after this step's {@link #conclude} (the paper's C and I as concluded). */
  public double feature(Feature f) {
    if (state == null) throw new IllegalStateException("no step concluded yet");
    return feature(f, state.cPaper());
  }

  private double feature(Feature f, double paperC) {
    double zOwn =
        (kl - divergences.mean())
            / (Math.sqrt(Math.max(divergences.variance(), 0)) + ProfileConfig.EPSILON);
    return features.value(f, paperC, intrinsic, e, zOwn);
  }

  /**
   * Called when the termination gate flags this trajectory. With {@link MinimumReset#ON_FLAG}
   * (CHOICE) Cmin restarts from the current C, so R measures the rebound since the flag; with
   * {@link MinimumReset#ALL_HISTORY} nothing changes.
   */
  public ConfidenceState restartMinimum() {
    if (config.unified().minimumReset() == MinimumReset.ON_FLAG && state != null) {
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
    features.copyFrom(other.features);
    surprisal = other.surprisal;
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
