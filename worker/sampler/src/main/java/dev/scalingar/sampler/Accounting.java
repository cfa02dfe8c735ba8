package dev.scalingar.sampler;

/**
 * A job's compute (docs/algorithm.md "Accounting").
 *
 * @param visualTokens steps actually run, summed over trajectory slots: a pruned trajectory counts
 *     the steps it ran; CFG's two rows count as one token, as in the paper
 * @param rowSteps model rows evaluated: 2 per trajectory-step, since the engine runs the cond and
 *     uncond rows even at a CFG scale of exactly 1
 * @param fullBestOfNTokens what a full best-of-N of the same N would have used: N·L
 * @param trajectoriesStarted N as run (1 for base)
 * @param trajectoriesEndedEarly ended by the gate or the budget
 * @param stateCopies state copies requested (importance sampling)
 */
public record Accounting(
    long visualTokens,
    long rowSteps,
    long fullBestOfNTokens,
    int trajectoriesStarted,
    int trajectoriesEndedEarly,
    int stateCopies) {}
