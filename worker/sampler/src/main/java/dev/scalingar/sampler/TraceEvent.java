package dev.scalingar.sampler;

/**
 * The trace's {@code event} column. A row carries one event; at the last step a trajectory that
 * recovered and was then selected shows {@link #SELECTED}.
 */
public enum TraceEvent {
  NONE,
  FLAGGED,
  RECOVERED,
  TERMINATED,
  SELECTED
}
