package dev.scalingar.sampler;

/**
 * One trajectory at the end of its job, finished or not (for the candidate sheet and the report).
 *
 * @param steps steps its slot ran and that count as visual tokens
 * @param end why it stopped
 * @param finalConfidence its last C
 * @param reward the job's reward of it (self-certainty for strategies without one)
 * @param meanSelfCertainty mean over its steps of KL(U‖pi), whatever the job's reward
 * @param meanLogProbability mean over its steps of ln pi(token), whatever the job's reward
 * @param tokens its token grid so far, raster order, length {@code steps} (after importance
 *     sampling's copies: the tokens it carries, which may come from another slot). In a shadow
 *     session ({@link dev.scalingar.sampler.strategy.Strategy#shadowing}) a terminated trajectory
 *     carries on to step L outside the job's accounting: then its tokens are the full grid it would
 *     have drawn, and {@code steps} is still where it was terminated
 */
public record TrajectorySummary(
    int trajectory,
    int steps,
    EndReason end,
    double finalConfidence,
    double reward,
    double meanSelfCertainty,
    double meanLogProbability,
    int[] tokens) {

  public TrajectorySummary {
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }
}
