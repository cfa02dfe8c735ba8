package dev.scalingar.sampler;

import dev.scalingar.sampler.policy.GuidanceConfig;
import dev.scalingar.sampler.policy.TerminationConfig;
import dev.scalingar.sampler.profile.Calibration;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.Objects;

/**
 * All of the sampler's knobs, one validated record per component. {@link #paperDefaults()} is
 * docs/algorithm.md: the paper's values, and this project's CHOICEs where the paper is silent. The
 * strategies derive their ablations from it ({@code scalingar_no_token} etc.).
 */
public record SamplerConfig(
    ProfileConfig profile,
    TerminationConfig termination,
    GuidanceConfig guidance,
    ResamplingConfig resampling) {

  public SamplerConfig {
    Objects.requireNonNull(profile, "config.profile");
    Objects.requireNonNull(termination, "config.termination");
    Objects.requireNonNull(guidance, "config.guidance");
    Objects.requireNonNull(resampling, "config.resampling");
  }

  public static SamplerConfig paperDefaults() {
    return new SamplerConfig(
        ProfileConfig.paperDefaults(),
        TerminationConfig.paperDefaults(),
        GuidanceConfig.paperDefaults(),
        ResamplingConfig.defaults());
  }

  /** Names {@link #paperDefaults()} in traces. */
  public static final String PAPER_ID = "paper";

  /** Names {@link #served} in traces; a new choice of gate gets a new id. */
  public static final String SERVED_ID = "served-1";

  /**
   * What the worker serves as {@code scalingar} with a model's calibration (chosen among five gates
   * on the dev set, confirmed once on the evaluation set: worker/sampler/README.md): C is the
   * calibration's probability, a flagged trajectory recovers only by {@code C ≥ θ} (a probability's
   * relative rebound clears flags on noise), θ follows the median of the live C (p = 0.5) and a
   * flag ends the trajectory after 8 steps. Without a calibration the served configuration is the
   * paper's: the gate was chosen for a calibrated C only.
   */
  public static SamplerConfig served(Calibration calibration) {
    SamplerConfig paper = paperDefaults();
    if (calibration == null) return paper;
    return paper
        .withProfile(paper.profile().withCalibration(calibration))
        .withTermination(paper.termination().withQuantile(0.5).withProbation(8, 1000));
  }

  /** The id of {@link #served}'s result for traces. */
  public static String servedId(Calibration calibration) {
    return calibration == null ? PAPER_ID : SERVED_ID;
  }

  public SamplerConfig withProfile(ProfileConfig p) {
    return new SamplerConfig(p, termination, guidance, resampling);
  }

  public SamplerConfig withTermination(TerminationConfig t) {
    return new SamplerConfig(profile, t, guidance, resampling);
  }

  public SamplerConfig withGuidance(GuidanceConfig g) {
    return new SamplerConfig(profile, termination, g, resampling);
  }

  public SamplerConfig withResampling(ResamplingConfig r) {
    return new SamplerConfig(profile, termination, guidance, r);
  }
}
