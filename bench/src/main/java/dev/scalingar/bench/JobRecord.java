package dev.scalingar.bench;

import java.util.List;

/**
 * One judged job of one arm: a line of {@code results.jsonl}. The file is the benchmark's state: a
 * resumed run skips the (arm, prompt) pairs already in it.
 *
 * @param arm the report row ({@code scalingar}, {@code bon}, {@code scalingar_p0.10}, …)
 * @param run the engine run that produced it (derived arms share the run of {@code bon})
 * @param prompt index in the prompt set
 * @param task ShapesEval task tag
 * @param correct ShapesEval's verdict of the selected image
 * @param selected the selected trajectory
 * @param visualTokens steps run, summed over trajectories (docs/algorithm.md "Accounting")
 * @param rowSteps model rows evaluated, CFG included
 * @param fullBestOfNTokens N·L
 * @param survivors trajectories that reached step L
 * @param trajectories every trajectory started
 * @param queuedSeconds time from submission to admission
 * @param runSeconds time from admission to the end of the job
 */
public record JobRecord(
    String arm,
    String run,
    int prompt,
    String task,
    boolean correct,
    int selected,
    long visualTokens,
    long rowSteps,
    long fullBestOfNTokens,
    int survivors,
    List<TrajectoryRecord> trajectories,
    double queuedSeconds,
    double runSeconds) {

  public JobRecord {
    trajectories = List.copyOf(trajectories);
  }

  /**
   * @param steps steps that count as visual tokens
   * @param end FINISHED, TERMINATED or BUDGET
   * @param correct ShapesEval's verdict of its full grid; null when it has none (pruned without
   *     shadow). With {@code --regret} a pruned trajectory was run on in shadow and is judged too.
   * @param confidence its final C
   */
  public record TrajectoryRecord(
      int trajectory,
      int steps,
      String end,
      Boolean correct,
      double confidence,
      double selfCertainty,
      double logProbability) {

    public boolean pruned() {
      return !"FINISHED".equals(end);
    }
  }

  /** The same job under another arm that only selects differently among the same trajectories. */
  JobRecord reselected(String otherArm, int trajectory) {
    Boolean verdict = trajectories.get(trajectory).correct();
    return new JobRecord(
        otherArm,
        run,
        prompt,
        task,
        Boolean.TRUE.equals(verdict),
        trajectory,
        visualTokens,
        rowSteps,
        fullBestOfNTokens,
        survivors,
        trajectories,
        queuedSeconds,
        runSeconds);
  }
}
