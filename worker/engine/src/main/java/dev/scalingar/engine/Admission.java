package dev.scalingar.engine;

import dev.scalingar.engine.model.StepCost;

/** The admission policies by name, as configuration chooses them (see {@link AdmissionPolicy}). */
public enum Admission {
  /**
   * {@link CostAwareAdmission}: admits into freed slots when the model's cost line says that is
   * cheaper than waiting for a cohort, within a bound on the wait.
   */
  ADAPTIVE,
  /**
   * {@link RefillAdmission}: freed slots are refilled at the next step, FIFO with aged backfill.
   */
  REFILL,
  /** {@link StaticAdmission}: a new batch only when the engine is empty (the baseline). */
  STATIC;

  /** A fresh policy of this kind for one engine whose model's steps cost {@code cost}. */
  public AdmissionPolicy policy(EngineOptions options, StepCost cost) {
    return switch (this) {
      case ADAPTIVE ->
          new CostAwareAdmission(cost, options.agingSteps(), options.cohortWaitSteps());
      case REFILL -> new RefillAdmission(options.agingSteps());
      case STATIC -> new StaticAdmission();
    };
  }
}
