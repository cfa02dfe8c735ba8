package dev.scalingar.bench;

/**
 * The timing of one engine run, or of the part of it done before an interruption: a line of {@code
 * runs.jsonl}. A resumed run adds segments; the report sums them.
 *
 * @param run the run's label
 * @param jobs jobs finished in this segment
 * @param steps engine steps (one batched model call for every live trajectory of every job)
 * @param wallSeconds wall-clock time of the segment
 * @param modelSeconds time inside the model
 * @param busySlotSteps trajectory slots that ran, summed over steps (utilisation = busy / (steps ·
 *     capacity))
 * @param slotCapacity trajectory slots of the engine (rows / 2)
 * @param peakBusySlots the most slots busy in one step
 * @param peakRssBytes the process's peak resident memory during the segment (VmHWM, reset at its
 *     start where the kernel allows; else since the process started)
 * @param kvBytesPerRow KV-cache bytes of one row: peak KV in use = 2 · peakBusySlots ·
 *     kvBytesPerRow
 * @param shadow pruned trajectories ran on in shadow (--regret): timings include their compute
 * @param load1 the machine's one-minute load average at the end of the segment
 */
public record RunSegment(
    String run,
    int jobs,
    long steps,
    double wallSeconds,
    double modelSeconds,
    long busySlotSteps,
    int slotCapacity,
    int peakBusySlots,
    long peakRssBytes,
    long kvBytesPerRow,
    boolean shadow,
    double load1) {}
