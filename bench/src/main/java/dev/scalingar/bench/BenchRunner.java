package dev.scalingar.bench;

import dev.scalingar.engine.Engine;
import dev.scalingar.engine.EngineJob;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.prompts.PromptSet;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs a {@link BenchPlan} through the worker's batching engine, in process: every run submits its
 * prompts (those not already in the store) to a fresh {@link Engine} over the one model, steps it
 * until idle, judges each finished job with ShapesEval and appends the records. One thread drives
 * everything, and every random draw derives from the job seed, so the same options give the same
 * records whatever the timing.
 */
public final class BenchRunner {

  /** What the runner tells its caller (a progress bar, a log). */
  public interface Listener {
    default void planned(int totalJobs, int alreadyDone) {}

    default void runStarted(BenchPlan.Run run, int jobs) {}

    default void finished(StepReport.Finished<Prompt> job, List<JobRecord> records) {}

    /**
     * This listener, with {@code work} done on each finished job before it is told (a caller's own
     * side output).
     */
    default Listener withWorkOnFinished(
        BiConsumer<StepReport.Finished<Prompt>, List<JobRecord>> work) {
      Listener self = this;
      return new Listener() {
        @Override
        public void planned(int totalJobs, int alreadyDone) {
          self.planned(totalJobs, alreadyDone);
        }

        @Override
        public void runStarted(BenchPlan.Run run, int jobs) {
          self.runStarted(run, jobs);
        }

        @Override
        public void finished(StepReport.Finished<Prompt> job, List<JobRecord> records) {
          work.accept(job, records);
          self.finished(job, records);
        }
      };
    }
  }

  /** A prompt of the set with its index there. */
  public record Prompt(int index, PromptSet.Entry entry) {}

  private static final long SEGMENT_NANOS = 60_000_000_000L; // flush timings at least every minute

  private final ImageModel model;
  private final ImageTokenizer tokenizer;
  private final BenchOptions options;
  private final ResultsStore store;
  private final long kvBytesPerRow;

  public BenchRunner(
      ImageModel model,
      ImageTokenizer tokenizer,
      BenchOptions options,
      ResultsStore store,
      long kvBytesPerRow) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.options = options;
    this.store = store;
    this.kvBytesPerRow = kvBytesPerRow;
  }

  /**
   * The prompts of the options: the set filtered by task, taken round-robin across its tasks (the
   * sets are sorted by task, so {@code --limit 6} covers six tasks, not six single objects), the
   * first {@code limit}; each keeps its index in the set.
   */
  public static List<Prompt> prompts(BenchOptions options) {
    PromptSet set = PromptSet.named(options.set());
    Map<Task, List<Prompt>> byTask = new EnumMap<>(Task.class);
    for (int i = 0; i < set.entries().size(); i++) {
      PromptSet.Entry e = set.entries().get(i);
      if (options.tasks().isEmpty() || options.tasks().contains(e.task().tag())) {
        byTask.computeIfAbsent(e.task(), t -> new ArrayList<>()).add(new Prompt(i, e));
      }
    }
    List<Prompt> out = new ArrayList<>();
    for (int round = 0; out.size() < options.limit(); round++) {
      boolean any = false;
      for (List<Prompt> prompts : byTask.values()) {
        if (round < prompts.size() && out.size() < options.limit()) {
          out.add(prompts.get(round));
          any = true;
        }
      }
      if (!any) break;
    }
    return out;
  }

  public void run(BenchPlan plan, Listener listener) {
    List<Prompt> prompts = prompts(options);
    int total = plan.runs().size() * prompts.size();
    int done = 0;
    for (BenchPlan.Run run : plan.runs()) {
      for (Prompt p : prompts) if (store.has(run.label(), p.index())) done++;
    }
    listener.planned(total, done);
    for (BenchPlan.Run run : plan.runs()) {
      List<Prompt> todo = prompts.stream().filter(p -> !store.has(run.label(), p.index())).toList();
      if (!todo.isEmpty()) run(run, todo, listener);
    }
  }

  private void run(BenchPlan.Run run, List<Prompt> todo, Listener listener) {
    listener.runStarted(run, todo.size());
    Engine<Prompt> engine = new Engine<>(model, EngineOptions.defaults());
    Grid grid = new Grid(model.info().gridH(), model.info().gridW());
    for (Prompt p : todo) {
      SamplingJob sampling =
          SamplingJob.of(
                  options.n(),
                  grid,
                  model.info().vocabSize(),
                  options.jobSeed(p.index()),
                  model.info().defaultCfgScale())
              .withConfig(run.config());
      engine.submit(
          new EngineJob<>(
              run.label() + "/" + p.index(), p.entry().prompt(), run.strategy(), sampling, p));
    }
    Segment segment = new Segment(run);
    while (!engine.isIdle()) {
      StepReport<Prompt> step = engine.step();
      segment.add(step);
      for (StepReport.Finished<Prompt> f : step.finished()) {
        List<JobRecord> records = records(run, f.job().attachment(), f);
        store.append(records);
        segment.jobs++;
        listener.finished(f, records);
      }
      if (System.nanoTime() - segment.startNanos >= SEGMENT_NANOS) segment = segment.flush();
    }
    segment.flush();
  }

  /**
   * The arms' records of one finished job: its own, then those selecting among its trajectories.
   */
  List<JobRecord> records(BenchPlan.Run run, Prompt prompt, StepReport.Finished<Prompt> f) {
    JobOutcome outcome = f.outcome();
    int length = model.info().totalSteps();
    List<JobRecord.TrajectoryRecord> trajectories = new ArrayList<>();
    int survivors = 0;
    for (TrajectorySummary s : outcome.trajectories()) {
      int[] tokens = s.tokens();
      Boolean correct = tokens.length == length ? judge(prompt, tokens) : null;
      if (s.end() == EndReason.FINISHED) survivors++;
      trajectories.add(
          new JobRecord.TrajectoryRecord(
              s.trajectory(),
              s.steps(),
              s.end().name(),
              correct,
              s.finalConfidence(),
              s.meanSelfCertainty(),
              s.meanLogProbability()));
    }
    int selected = outcome.selectedTrajectory();
    JobRecord own =
        new JobRecord(
            run.label(),
            run.label(),
            prompt.index(),
            prompt.entry().task().tag(),
            Boolean.TRUE.equals(trajectories.get(selected).correct()),
            selected,
            outcome.accounting().visualTokens(),
            outcome.accounting().rowSteps(),
            outcome.accounting().fullBestOfNTokens(),
            survivors,
            trajectories,
            f.queuedNanos() / 1e9,
            f.runNanos() / 1e9);
    List<JobRecord> out = new ArrayList<>(List.of(own));
    for (String arm : run.derived())
      out.add(own.reselected(arm, Selections.select(arm, trajectories, selected)));
    return out;
  }

  private boolean judge(Prompt prompt, int[] tokens) {
    return ShapesEval.judge(prompt.entry().spec(), tokenizer.decode(tokens)).correct();
  }

  /** Timings accumulated since the last flush. */
  private final class Segment {
    final BenchPlan.Run run;
    final long startNanos = System.nanoTime();
    long steps, modelNanos, busySlotSteps;
    int jobs, peakBusySlots, capacity;

    Segment(BenchPlan.Run run) {
      this.run = run;
      PeakMemory.reset();
    }

    void add(StepReport<?> step) {
      if (step.busySlots() == 0) return; // an idle step (nothing admitted yet) runs no model
      steps++;
      modelNanos += step.modelNanos();
      busySlotSteps += step.busySlots();
      peakBusySlots = Math.max(peakBusySlots, step.busySlots());
      capacity = step.capacity();
    }

    Segment flush() {
      if (steps > 0) {
        store.append(
            new RunSegment(
                run.label(),
                jobs,
                steps,
                (System.nanoTime() - startNanos) / 1e9,
                modelNanos / 1e9,
                busySlotSteps,
                capacity,
                peakBusySlots,
                PeakMemory.peakRssBytes(),
                kvBytesPerRow,
                run.gate() && options.regret(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      }
      return new Segment(run);
    }
  }
}
