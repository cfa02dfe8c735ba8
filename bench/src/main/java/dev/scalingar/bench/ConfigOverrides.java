package dev.scalingar.bench;

import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.policy.TerminationConfig;
import dev.scalingar.sampler.profile.MinimumReset;
import dev.scalingar.sampler.profile.ProfileConfig;
import dev.scalingar.sampler.profile.Reference;
import java.util.List;
import java.util.Locale;

/**
 * {@code --config key=value}: changes to the sampler's CHOICEs for every arm of a run, the knobs
 * the dev-set tuning turns (docs/algorithm.md). The report records them.
 */
public final class ConfigOverrides {

  /** The keys understood, for the help text and the error message. */
  public static final List<String> KEYS =
      List.of(
          "profile.utilisationReference=OWN_HISTORY|ACROSS_TRAJECTORIES",
          "profile.stabilityReference=OWN_HISTORY|ACROSS_TRAJECTORIES",
          "profile.minimumReset=ON_FLAG|ALL_HISTORY",
          "profile.entropyWeight=aH (aM = 1 − aH)",
          "profile.tokenWeight=wtok (wblk = 1 − wtok)",
          "profile.intrinsicWeight=wI (wD = 1 − wI)",
          "profile.blockFillRatio",
          "profile.worstBlockFraction",
          "profile.stabilityWindowRows",
          "profile.utilisationWindowRows",
          "profile.intrinsicRate",
          "profile.tokenRate",
          "termination.quantile",
          "termination.probationSteps",
          "termination.reboundThreshold",
          "termination.warmupFraction");

  private ConfigOverrides() {}

  public static SamplerConfig apply(SamplerConfig config, List<String> overrides) {
    for (String o : overrides) config = apply(config, o);
    return config;
  }

  static SamplerConfig apply(SamplerConfig config, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0)
      throw new IllegalArgumentException("--config wants key=value, got '" + override + "'");
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    ProfileConfig p = config.profile();
    TerminationConfig t = config.termination();
    try {
      switch (key) {
        case "profile.utilisationReference" ->
            p = p.with(p.conditional().withReference(reference(value)));
        case "profile.stabilityReference" -> p = p.with(p.block().withReference(reference(value)));
        case "profile.minimumReset" ->
            p =
                p.with(
                    p.unified()
                        .withMinimumReset(MinimumReset.valueOf(value.toUpperCase(Locale.ROOT))));
        case "profile.entropyWeight" -> p = p.with(p.token().withEntropyWeight(number(value)));
        case "profile.tokenWeight" -> p = p.with(p.intrinsic().withTokenWeight(number(value)));
        case "profile.intrinsicWeight" ->
            p = p.with(p.unified().withIntrinsicWeight(number(value)));
        case "profile.blockFillRatio" -> p = p.with(p.block().withFillRatio(number(value)));
        case "profile.worstBlockFraction" -> p = p.with(p.block().withWorstFraction(number(value)));
        case "profile.stabilityWindowRows" ->
            p = p.with(p.block().withWindowRows((int) number(value)));
        case "profile.utilisationWindowRows" ->
            p = p.with(p.conditional().withWindowRows((int) number(value)));
        case "profile.intrinsicRate" -> p = p.with(p.intrinsic().withRate(number(value)));
        case "profile.tokenRate" -> p = p.with(p.token().withRate(number(value)));
        case "termination.quantile" -> t = t.withQuantile(number(value));
        case "termination.probationSteps" ->
            t = t.withProbation((int) number(value), t.reboundThreshold());
        case "termination.reboundThreshold" ->
            t = t.withProbation(t.probationSteps(), number(value));
        case "termination.warmupFraction" -> t = t.withWarmup(number(value));
        default ->
            throw new IllegalArgumentException(
                "unknown --config key '" + key + "', expected one of " + KEYS);
      }
      return config.withProfile(p).withTermination(t);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("unknown --config")) throw e;
      throw new IllegalArgumentException("--config " + override + ": " + e.getMessage(), e);
    }
  }

  private static Reference reference(String v) {
    return Reference.valueOf(v.toUpperCase(Locale.ROOT));
  }

  private static double number(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a number");
    }
  }
}
