package dev.scalingar.engine;

/** The admission policies by name, as configuration chooses them (see {@link AdmissionPolicy}). */
public enum Admission {
  /** {@link RefillAdmission}: freed slots are refilled at the next step, FIFO with aged backfill. */
  REFILL,
  /** {@link StaticAdmission}: a new batch only when the engine is empty (the baseline). */
  STATIC;

  /** A fresh policy of this kind for one engine. */
  public AdmissionPolicy policy(EngineOptions options) {
    return switch (this) {
      case REFILL -> new RefillAdmission(options.agingSteps());
      case STATIC -> new StaticAdmission();
    };
  }
}
