package dev.scalingar.sampler.profile;

/**
 * The config of one signal of the profile: one part of {@link ProfileConfig}, replaced as a whole
 * with {@link ProfileConfig#with}.
 */
public sealed interface SignalConfig
    permits TokenConfig, BlockConfig, IntrinsicConfig, ConditionalConfig, UnifiedConfig {}
