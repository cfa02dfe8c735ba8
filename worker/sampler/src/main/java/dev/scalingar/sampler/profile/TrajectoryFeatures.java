package dev.scalingar.sampler.profile;

/**
 * The running state behind every {@link Feature} of one trajectory, updated once per step in the
 * profile's phases: {@link #observe} with the step's own measurements, {@link #relate} with the
 * job's {@link StepStatistics} at the same step. Constant work per step (the worst-block reading
 * sorts the block scores, 16 of them at 16×16 and b = 4).
 *
 * <p>Mutable, owned by one thread, copied with its profile (importance sampling).
 */
final class TrajectoryFeatures {

  private final double rate;
  private final WorstBlockStability surprisalBlocks;
  private final int length;

  private int steps, decisions;
  private int position;
  private double hn, margin, k, surprisal; // this step's
  private double surprisalSum, surprisalMax, hnSum, marginSum, kSum;
  private double relSurprisalSum, relHnSum, relMarginSum, relKSum, zAcrossSum;
  private double relSurprisalEma = Double.NaN;
  private double decisionSurprisalSum, decisionHnSum, decisionKSum;
  private double worstBlockSurprisal;

  TrajectoryFeatures(ProfileConfig config, int height, int width) {
    rate = config.unified().featureRate();
    length = height * width;
    surprisalBlocks =
        new WorstBlockStability(
            height,
            width,
            config.block().size(),
            config.block().fillRatio(),
            config.block().worstFraction());
  }

  void observe(int position, double hn, double margin, double k, double surprisal) {
    this.position = position;
    this.hn = hn;
    this.margin = margin;
    this.k = k;
    this.surprisal = surprisal;
    steps++;
    surprisalSum += surprisal;
    surprisalMax = steps == 1 ? surprisal : Math.max(surprisalMax, surprisal);
    hnSum += hn;
    marginSum += margin;
    kSum += k;
    surprisalBlocks.add(position, surprisal);
    double w = surprisalBlocks.worstMeanUnbounded();
    worstBlockSurprisal = Double.isNaN(w) ? 0 : w;
  }

  void relate(StepStatistics job) {
    double relS = surprisal - job.surprisal();
    relSurprisalSum += relS;
    relHnSum += hn - job.hn();
    relMarginSum += margin - job.margin();
    relKSum += k - job.k();
    zAcrossSum += (k - job.k()) / (Math.sqrt(Math.max(job.kVariance(), 0)) + ProfileConfig.EPSILON);
    relSurprisalEma =
        Double.isNaN(relSurprisalEma) ? relS : (1 - rate) * relSurprisalEma + rate * relS;
    if (hn >= job.medianHn()) {
      decisions++;
      decisionSurprisalSum += surprisal;
      decisionHnSum += hn;
      decisionKSum += k;
    }
  }

  /**
   * The feature's value after this step. {@code paper} is the profile's uncalibrated state (C, I,
   * e) and {@code kZOwn} K's z-score against the trajectory's own window.
   */
  double value(Feature f, double paperC, double paperI, double worstBlockHn, double kZOwn) {
    return switch (f) {
      case PAPER_C -> paperC;
      case PAPER_I -> paperI;
      case PROGRESS -> (position + 1.0) / length;
      case SURPRISAL_MEAN -> surprisalSum / steps;
      case SURPRISAL_MAX -> surprisalMax;
      case SURPRISAL_REL_MEAN -> relSurprisalSum / steps;
      case SURPRISAL_REL_EMA -> Double.isNaN(relSurprisalEma) ? 0 : relSurprisalEma;
      case HN_MEAN -> hnSum / steps;
      case HN_REL_MEAN -> relHnSum / steps;
      case MARGIN_MEAN -> marginSum / steps;
      case MARGIN_REL_MEAN -> relMarginSum / steps;
      case K_MEAN -> kSum / steps;
      case K_REL_MEAN -> relKSum / steps;
      case K_Z_ACROSS_MEAN -> zAcrossSum / steps;
      case K_Z_OWN -> kZOwn;
      case DECISION_SURPRISAL_MEAN -> decisions == 0 ? 0 : decisionSurprisalSum / decisions;
      case DECISION_HN_MEAN -> decisions == 0 ? 0 : decisionHnSum / decisions;
      case DECISION_K_MEAN -> decisions == 0 ? 0 : decisionKSum / decisions;
      case WORST_BLOCK_SURPRISAL -> worstBlockSurprisal;
      case WORST_BLOCK_HN -> Double.isNaN(worstBlockHn) ? 0 : worstBlockHn;
    };
  }

  void copyFrom(TrajectoryFeatures o) {
    surprisalBlocks.copyFrom(o.surprisalBlocks);
    steps = o.steps;
    decisions = o.decisions;
    position = o.position;
    hn = o.hn;
    margin = o.margin;
    k = o.k;
    surprisal = o.surprisal;
    surprisalSum = o.surprisalSum;
    surprisalMax = o.surprisalMax;
    hnSum = o.hnSum;
    marginSum = o.marginSum;
    kSum = o.kSum;
    relSurprisalSum = o.relSurprisalSum;
    relHnSum = o.relHnSum;
    relMarginSum = o.relMarginSum;
    relKSum = o.relKSum;
    zAcrossSum = o.zAcrossSum;
    relSurprisalEma = o.relSurprisalEma;
    decisionSurprisalSum = o.decisionSurprisalSum;
    decisionHnSum = o.decisionHnSum;
    decisionKSum = o.decisionKSum;
    worstBlockSurprisal = o.worstBlockSurprisal;
  }
}
