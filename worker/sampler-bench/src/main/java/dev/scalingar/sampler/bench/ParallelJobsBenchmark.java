package dev.scalingar.sampler.bench;

import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.strategy.JobSession;
import dev.scalingar.sampler.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine step's sampler work for 8 jobs of 8 ScalingAR trajectories at LlamaGen's vocabulary
 * (16,384), each job's session stepped on its own, as the engine's {@code SessionSteps} does: in
 * sequence ({@code threads} = 1, the engine's default) or spread over a pool. Reported per
 * trajectory-step, so the figure compares with {@link TrajectoryStepBenchmark}'s; the work per
 * invocation is the 8 jobs' live trajectories (the gate prunes, and a job restarts when it ends),
 * counted as 64.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParallelJobsBenchmark {

  private static final int POOL = 64;
  private static final int JOBS = 8;
  private static final int TRAJECTORIES = 8;
  private static final int VOCABULARY = 16_384;
  private static final Grid GRID = new Grid(16, 16);

  @Param({"1", "2"})
  public int threads;

  private GaussianLogits logits;
  private JobSession[] jobs;
  private ForkJoinPool pool;
  private long seed;

  @Setup(Level.Trial)
  public void setUp() {
    logits = new GaussianLogits(POOL, VOCABULARY, 7);
    jobs = new JobSession[JOBS];
    for (int j = 0; j < JOBS; j++) {
      jobs[j] = start();
    }
    pool = threads == 1 ? null : new ForkJoinPool(threads);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.shutdown();
    }
  }

  private JobSession start() {
    return Strategy.named("scalingar")
        .start(SamplingJob.of(TRAJECTORIES, GRID, VOCABULARY, seed++, 4.0));
  }

  @Benchmark
  @OperationsPerInvocation(JOBS * TRAJECTORIES)
  public List<StepResult> stepOfEightJobs() throws InterruptedException, ExecutionException {
    List<Callable<StepResult>> work = new ArrayList<>(JOBS);
    for (int j = 0; j < JOBS; j++) {
      if (jobs[j].isDone()) {
        jobs[j] = start();
      }
      JobSession session = jobs[j];
      StepInput input = logits.stepFor(session);
      work.add(() -> session.step(input));
    }
    List<StepResult> out = new ArrayList<>(JOBS);
    if (pool == null) {
      for (Callable<StepResult> w : work) {
        try {
          out.add(w.call());
        } catch (Exception e) {
          throw new ExecutionException(e);
        }
      }
    } else {
      for (Future<StepResult> f : pool.invokeAll(work)) {
        out.add(f.get());
      }
    }
    return out;
  }
}
