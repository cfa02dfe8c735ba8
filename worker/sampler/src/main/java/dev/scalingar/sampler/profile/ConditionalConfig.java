package dev.scalingar.sampler.profile;

import java.util.Objects;

/**
 * The conditional channel D, the z-score of the prompt's influence K (docs/algorithm.md,
 * "Conditional channel").
 *
 * @param windowRows the rolling z-score window of K, in grid rows. CHOICE: 2.
 * @param reference what the z-score of K compares with. CHOICE: {@link Reference#OWN_HISTORY};
 *     {@link Reference#ACROSS_TRAJECTORIES} is the alternative.
 */
public record ConditionalConfig(int windowRows, Reference reference) implements SignalConfig {

  public ConditionalConfig {
    ConfigChecks.window("utilisationWindowRows", windowRows);
    Objects.requireNonNull(reference, "profile.utilisationReference");
  }

  static ConditionalConfig paperDefaults() {
    return new ConditionalConfig(2, Reference.OWN_HISTORY);
  }

  public ConditionalConfig withWindowRows(int rows) {
    return new ConditionalConfig(rows, reference);
  }

  public ConditionalConfig withReference(Reference r) {
    return new ConditionalConfig(windowRows, r);
  }
}
