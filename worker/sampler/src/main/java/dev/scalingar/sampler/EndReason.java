package dev.scalingar.sampler;

/** Why a trajectory stopped. */
public enum EndReason {
  /** It sampled all L tokens. */
  FINISHED,
  /** The termination gate ended it (probation without recovery, or the hard-fail floor). */
  TERMINATED,
  /** The job's visual-token budget could no longer carry it (lowest C goes first). */
  BUDGET
}
