package dev.scalingar.bench.simulate;

/**
 * One scenario's figures, a row of {@code simulate.json}'s {@code scenarios} (snake_case there).
 *
 * @param name the scenario
 * @param device {@code cpu} or {@code gpu} (the cost line)
 * @param trigger {@code fixed-K} (K warm workers), or the KEDA triggers: {@code lag}, {@code
 *     steps}, {@code lag+steps}
 * @param policy the engine's admission: ADAPTIVE, REFILL or STATIC
 * @param p50S median job latency, arrival to completion, over completed jobs (seconds)
 * @param p95S 95th percentile (nearest rank)
 * @param p99S 99th percentile
 * @param workerMinutes the fleet's cost: every pod from the moment it was asked for (start-up
 *     included) until it was gone or the run ended
 * @param utilisation busy trajectory slots over all slots of ready workers, time-weighted (a ready
 *     worker with nothing to do counts as idle)
 * @param jobs jobs that arrived
 * @param completed jobs finished by the end of the run (the rest are still queued or running)
 * @param strategy {@code scalingar} or {@code bon}
 * @param profile the pruning profile's arm
 * @param arrivals the arrival process
 * @param slots trajectory slots per worker
 * @param n trajectories per job
 * @param gridSteps steps per job (L)
 * @param jobsPerMinute completed jobs per minute of the run (first arrival to the end)
 * @param meanLatencyS mean job latency
 * @param meanWaitS mean time from arrival to admission into an engine
 * @param waitedFraction share of started jobs that waited before admission (P(wait))
 * @param endSeconds when the run ended (all jobs done, or the limit)
 * @param meanReplicas replicas asked for, time-weighted
 * @param maxReplicas most replicas asked for at once
 * @param maxWaitingJobs most jobs waiting at a sample (in the topic or in an engine, not started)
 * @param trajectoryStepsPerJob mean trajectory-steps (visual tokens) per completed job
 * @param accuracy the profile's recorded ShapesEval accuracy (the simulation does not change it)
 * @param stillQueued jobs not started at the end
 * @param stillRunning jobs running at the end
 * @param plot the PNG of queue depth and replicas over time, relative to simulate.json
 */
public record ScenarioResult(
    String name,
    String device,
    String trigger,
    String policy,
    double p50S,
    double p95S,
    double p99S,
    double workerMinutes,
    double utilisation,
    int jobs,
    int completed,
    String strategy,
    String profile,
    String arrivals,
    int slots,
    int n,
    int gridSteps,
    double jobsPerMinute,
    double meanLatencyS,
    double meanWaitS,
    double waitedFraction,
    double endSeconds,
    double meanReplicas,
    int maxReplicas,
    int maxWaitingJobs,
    double trajectoryStepsPerJob,
    double accuracy,
    int stillQueued,
    int stillRunning,
    String plot) {

  public ScenarioResult withPlot(String file) {
    return new ScenarioResult(
        name,
        device,
        trigger,
        policy,
        p50S,
        p95S,
        p99S,
        workerMinutes,
        utilisation,
        jobs,
        completed,
        strategy,
        profile,
        arrivals,
        slots,
        n,
        gridSteps,
        jobsPerMinute,
        meanLatencyS,
        meanWaitS,
        waitedFraction,
        endSeconds,
        meanReplicas,
        maxReplicas,
        maxWaitingJobs,
        trajectoryStepsPerJob,
        accuracy,
        stillQueued,
        stillRunning,
        file);
  }
}
