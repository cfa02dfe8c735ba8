package dev.scalingar.engine.model;

import java.util.List;

/**
 * What one decoding step is predicted to cost, as a function of where its trajectories are: the
 * model's own cost line (for a {@code TransformerImageModel}, the one its decode planner splits
 * calls with, fitted by {@code ./scalingar model-bench}). Admission policies compare plans with it,
 * so only ratios matter; the unit is the model's own.
 */
@FunctionalInterface
public interface StepCost {

  /** The predicted cost of one decode step over these cohorts (an empty list costs nothing). */
  double decode(List<Cohort> cohorts);

  /**
   * {@code trajectories} in lockstep at image position {@code position} (0 = first image token).
   */
  record Cohort(int position, int trajectories) {
    public Cohort {
      if (position < 0 || trajectories < 1) {
        throw new IllegalArgumentException(
            "cohort needs position >= 0 and trajectories >= 1: " + position + ", " + trajectories);
      }
    }
  }

  /**
   * Every trajectory costs the same wherever it is and a call costs nothing of its own: the shape
   * under which admitting at once is never worse (a model without a cost line of its own).
   */
  StepCost PER_TRAJECTORY = cohorts -> cohorts.stream().mapToInt(Cohort::trajectories).sum();
}
