package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TrajectoryLogits;
import java.util.ArrayList;
import java.util.List;

/** Drives a session to its end as an engine would, with logits from a script instead of a model. */
final class ScriptedEngine {

  /** The logits of one trajectory at one step (the "model"). */
  interface Script {
    /** Fills {@code cond} and {@code uncond} (length V) for trajectory n at step t. */
    void logits(int trajectory, int step, float[] cond, float[] uncond);
  }

  private ScriptedEngine() {}

  static List<StepResult> run(JobSession session, Script script) {
    int v = session.job().vocabularySize();
    List<StepResult> results = new ArrayList<>();
    while (!session.isDone()) {
      List<TrajectoryLogits> rows = new ArrayList<>();
      for (int n : session.liveTrajectories()) {
        float[] cond = new float[v], uncond = new float[v];
        script.logits(n, session.nextStep(), cond, uncond);
        rows.add(new TrajectoryLogits(n, cond, uncond));
      }
      results.add(session.step(new StepInput(rows)));
    }
    return results;
  }
}
