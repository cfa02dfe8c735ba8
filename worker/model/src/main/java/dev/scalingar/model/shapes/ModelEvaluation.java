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

  /**
   * Per-task and overall accuracies of three readings: {@code base} (each prompt's first sample, as
   * a user asking for one image gets), {@code perSample} (every sample counted: the same
   * expectation as base with n times the images, so a steadier figure to compare models by) and
   * {@code oracle}.
   */
  public record Result(
      String set,
      int prompts,
      int n,
      double cfg,
      TaskScores base,
      TaskScores perSample,
      TaskScores oracle,
      double seconds,
      List<Sample> firstSamples) {}

  /** The first sample of a prompt, for people to look at. */
  public record Sample(String prompt, int[] grid, boolean correct) {}

  private ModelEvaluation() {}

  public static Result run(
      ImageModel model,
      ImageTokenizer tokenizer,
      PromptSet set,
      int limit,
      int n,
      double cfg,
      long seed,
      IntConsumer progress) {
    long t0 = System.nanoTime();
    List<PromptSet.Entry> entries = set.entries().subList(0, Math.min(limit, set.entries().size()));
    TaskScores base = new TaskScores();
    TaskScores oracle = new TaskScores();
    TaskScores perSample = new TaskScores();
    int batch = Math.max(1, model.info().rowCapacity() / 2);
    // All samples of all prompts go through the model in full batches (prompts × n requests).
    List<GuidedSampling.Request> requests = new ArrayList<>();
    for (int j = 0; j < entries.size(); j++) {
      for (int i = 0; i < n; i++) {
        requests.add(
            new GuidedSampling.Request(entries.get(j).prompt(), seed * 31 + (long) j * 1000 + i));
      }
    }
    List<int[]> grids = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += batch) {
      grids.addAll(
          GuidedSampling.sample(
              model, requests.subList(from, Math.min(requests.size(), from + batch)), cfg, batch));
      progress.accept(Math.min(entries.size(), grids.size() / n));
    }
    List<Sample> samples = new ArrayList<>();
    for (int j = 0; j < entries.size(); j++) {
      PromptSet.Entry e = entries.get(j);
      boolean any = false;
      for (int i = 0; i < n; i++) {
        int[] grid = grids.get(j * n + i);
        boolean correct = ShapesEval.judge(e.spec(), tokenizer.decode(grid)).correct();
        perSample.add(e.task(), correct);
        if (i == 0) {
          base.add(e.task(), correct);
          samples.add(new Sample(e.prompt(), grid, correct));
        }
        any |= correct;
      }
      oracle.add(e.task(), any);
    }
    return new Result(
        set.name(),
        entries.size(),
        n,
        cfg,
        base,
        perSample,
        oracle,
        (System.nanoTime() - t0) / 1e9,
        samples);
  }
}
