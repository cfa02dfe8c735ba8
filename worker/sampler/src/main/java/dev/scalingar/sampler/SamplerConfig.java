package dev.scalingar.sampler;

import dev.scalingar.sampler.policy.GuidanceConfig;
import dev.scalingar.sampler.policy.TerminationConfig;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.Objects;

/**
 * All of the sampler's knobs, one validated record per component. {@link #paperDefaults()} is
 * SCALINGAR.md: the paper's values, and this project's CHOICEs where the paper is silent. The
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
        return new SamplerConfig(ProfileConfig.paperDefaults(), TerminationConfig.paperDefaults(),
                GuidanceConfig.paperDefaults(), ResamplingConfig.defaults());
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
