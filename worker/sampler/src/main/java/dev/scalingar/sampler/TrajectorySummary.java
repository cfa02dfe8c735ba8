package dev.scalingar.sampler;

/**
 * One trajectory at the end of its job, finished or not (for the candidate sheet and the report).
 *
 * @param steps steps its slot ran
 * @param tokens its token grid so far, raster order, length {@code steps} (after importance
 *     sampling's copies: the tokens it carries, which may come from another slot)
 * @param finalConfidence its last C
 * @param reward the job's reward of it (self-certainty for strategies without one)
 */
public record TrajectorySummary(
        int trajectory, int steps, EndReason end, double finalConfidence, double reward, int[] tokens) {

    public TrajectorySummary {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
