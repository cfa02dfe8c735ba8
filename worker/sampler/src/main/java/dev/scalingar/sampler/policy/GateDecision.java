package dev.scalingar.sampler.policy;

/** What the termination gate decided for one live trajectory at one step. */
public enum GateDecision {
  NONE,
  FLAGGED,
  RECOVERED,
  TERMINATED
}
