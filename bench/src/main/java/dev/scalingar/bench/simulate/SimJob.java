package dev.scalingar.bench.simulate;

/**
 * One job in the simulated fleet: its N trajectories' lengths (from a pruning profile) and where it
 * is. A trajectory of {@code steps[i]} steps is live while fewer tokens than that have been
 * sampled; the job ends when none is live, as the engine's session does.
 */
final class SimJob {

  final int id;
  final double arrival;
  final int[] steps;
  final int gridSteps;

  /** Tokens sampled so far (the engine's {@code session.nextStep()}). */
  int next;

  /** The worker engine's step counter when the job entered its queue. */
  long submittedStep;

  double admittedAt = Double.NaN;
  double finishedAt = Double.NaN;

  SimJob(int id, double arrival, int[] steps, int gridSteps) {
    this.id = id;
    this.arrival = arrival;
    this.steps = steps;
    this.gridSteps = gridSteps;
  }

  String key() {
    return Integer.toString(id);
  }

  int trajectories() {
    return steps.length;
  }

  int live() {
    int live = 0;
    for (int s : steps) {
      if (s > next) {
        live++;
      }
    }
    return live;
  }

  boolean done() {
    return next >= gridSteps || live() == 0;
  }

  long trajectorySteps() {
    long sum = 0;
    for (int s : steps) {
      sum += s;
    }
    return sum;
  }
}
