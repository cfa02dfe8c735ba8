package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TrajectoryLogits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Drives a session to its end as an engine would, with logits from a script instead of a model. */
final class ScriptedEngine {

  /** The logits of one trajectory at one step (the "model"). */
  interface Script {
    /** Fills {@code cond} and {@code uncond} (length V) for trajectory n at step t. */
    void logits(int trajectory, int step, float[] cond, float[] uncond);
  }

  /** Logits that follow the trajectory's previous token too, as a model's do (0 at step 0). */
  interface ChainedScript {
    /** Fills {@code cond} and {@code uncond} (length V) for trajectory n at step t. */
    void logits(int trajectory, int step, int previous, float[] cond, float[] uncond);
  }

  private ScriptedEngine() {}

  static List<StepResult> run(JobSession session, ChainedScript script) {
    int[] previous = new int[session.trajectories().length];
    return run(
        session,
        (n, t, cond, uncond) -> script.logits(n, t, previous[n], cond, uncond),
        result -> result.tokens().forEach(token -> previous[token.trajectory()] = token.token()));
  }

  static List<StepResult> run(JobSession session, Script script) {
    return run(session, script, result -> {});
  }

  private static List<StepResult> run(
      JobSession session, Script script, Consumer<StepResult> afterStep) {
    int v = session.job().vocabularySize();
    List<StepResult> results = new ArrayList<>();
    while (!session.isDone()) {
      List<TrajectoryLogits> rows = new ArrayList<>();
      for (int n : session.liveTrajectories()) {
        float[] cond = new float[v], uncond = new float[v];
        script.logits(n, session.nextStep(), cond, uncond);
        rows.add(new TrajectoryLogits(n, cond, uncond));
      }
      StepResult result = session.step(new StepInput(rows));
      afterStep.accept(result);
      results.add(result);
    }
    return results;
  }
}
