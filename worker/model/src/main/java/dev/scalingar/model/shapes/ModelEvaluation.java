package dev.scalingar.model.shapes;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.eval.TaskScores;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What the model is worth on its own, judged by ShapesEval: base accuracy (one sample per prompt,
 * default CFG) and oracle best-of-N (a prompt counts when any of N samples is judged correct).
 */
public final class ModelEvaluation {

  /** Per-task and overall accuracies of both readings. */
  public record Result(String set, int prompts, int n, double cfg, TaskScores base, TaskScores oracle, double seconds) {}

  private ModelEvaluation() {}

  public static Result run(ImageModel model, ImageTokenizer tokenizer, PromptSet set, int limit, int n, double cfg,
      long seed, IntConsumer progress) {
    long t0 = System.nanoTime();
    List<PromptSet.Entry> entries = set.entries().subList(0, Math.min(limit, set.entries().size()));
    TaskScores base = new TaskScores();
    TaskScores oracle = new TaskScores();
    int batch = Math.max(1, model.info().rowCapacity() / 2);
    int done = 0;
    for (PromptSet.Entry e : entries) {
      List<GuidedSampling.Request> requests = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        requests.add(new GuidedSampling.Request(e.prompt(), seed * 31 + (long) done * 1000 + i));
      }
      List<int[]> grids = GuidedSampling.sample(model, requests, cfg, batch);
      boolean any = false;
      for (int i = 0; i < grids.size(); i++) {
        boolean correct = ShapesEval.judge(e.spec(), tokenizer.decode(grids.get(i))).correct();
        if (i == 0) {
          base.add(e.task(), correct);
        }
        any |= correct;
      }
      oracle.add(e.task(), any);
      progress.accept(++done);
    }
    return new Result(set.name(), entries.size(), n, cfg, base, oracle, (System.nanoTime() - t0) / 1e9);
  }
}
