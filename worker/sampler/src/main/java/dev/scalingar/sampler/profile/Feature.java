package dev.scalingar.sampler.profile;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The per-trajectory signals a {@link Calibration} can read, each defined at every step t from what
 * the trajectory (and its job, at the same step) has seen so far. Notation: s = −log π(token) is
 * the sampled token's surprisal under the guided distribution it was drawn from; x̄(t) is the mean
 * of a quantity x over the job's trajectories live at step t (they are all at the same raster
 * position, in lockstep); "mean" without qualification is over the trajectory's steps 0..t.
 *
 * <p>Why these: Hn and m say "the model is unsure here", which is the same for every trajectory at
 * a hard position, so they barely separate a job's trajectories; s says "this trajectory took an
 * unlikely path", which is what differs between them. Subtracting x̄(t) (position-relative) removes
 * the raster-periodic swing that every trajectory shares (one period per grid row), which otherwise
 * makes each flagged trajectory "rebound" within its row. Decision tokens (Hn at or above the job's
 * median at that step) are where trajectories choose something; background tokens dilute every
 * mean. K and its z-scores are here both ways round: on ShapesWorld a high K ranked images
 * backwards.
 */
public enum Feature {
  /** The paper's unified confidence C = wI·I + wD·D, uncalibrated. */
  PAPER_C("paper_c"),
  /** The paper's intrinsic score I. */
  PAPER_I("paper_i"),
  /**
   * (t + 1) / L: lets a calibration move its intercept along the image; never changes a ranking.
   */
  PROGRESS("progress"),
  /** mean s. The negative mean log-probability of the path so far. */
  SURPRISAL_MEAN("surprisal_mean"),
  /** max s: the single least likely choice so far. */
  SURPRISAL_MAX("surprisal_max"),
  /** mean (s − s̄(t)): surprisal relative to the siblings at the same positions. */
  SURPRISAL_REL_MEAN("surprisal_rel_mean"),
  /** EMA of (s − s̄(t)) with the profile's feature rate: the recent relative surprisal. */
  SURPRISAL_REL_EMA("surprisal_rel_ema"),
  /** mean Hn. */
  HN_MEAN("hn_mean"),
  /** mean (Hn − H̄n(t)). */
  HN_REL_MEAN("hn_rel_mean"),
  /** mean m. */
  MARGIN_MEAN("margin_mean"),
  /** mean (m − m̄(t)). */
  MARGIN_REL_MEAN("margin_rel_mean"),
  /** mean K. */
  K_MEAN("k_mean"),
  /** mean (K − K̄(t)). */
  K_REL_MEAN("k_rel_mean"),
  /** mean of K's z-score across the live trajectories at each step. */
  K_Z_ACROSS_MEAN("k_z_across_mean"),
  /** K's z-score against the trajectory's own recent K (the paper's D before its sigmoid). */
  K_Z_OWN("k_z_own"),
  /** mean s over decision tokens: steps where Hn ≥ the job's median Hn at that step. */
  DECISION_SURPRISAL_MEAN("decision_surprisal_mean"),
  /** mean Hn over decision tokens. */
  DECISION_HN_MEAN("decision_hn_mean"),
  /** mean K over decision tokens. */
  DECISION_K_MEAN("decision_k_mean"),
  /** The worst-block reading of s: mean of the worst q of the counted blocks' mean s. */
  WORST_BLOCK_SURPRISAL("worst_block_surprisal"),
  /** e, the paper's worst-block mean Hn (0 before a block counts). */
  WORST_BLOCK_HN("worst_block_hn");

  private final String key;

  Feature(String key) {
    this.key = key;
  }

  /** The name used in calibration files, traces, {@code signals.json}. */
  public String key() {
    return key;
  }

  public static Feature fromKey(String key) {
    for (Feature f : values()) {
      if (f.key.equals(key)) return f;
    }
    throw new IllegalArgumentException(
        "unknown feature '"
            + key
            + "'; known: "
            + Arrays.stream(values()).map(Feature::key).collect(Collectors.joining(", ")));
  }
}
