package dev.scalingar.sampler.bench;

import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.strategy.JobSession;
import dev.scalingar.sampler.strategy.Strategy;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per trajectory-step cost of the sampler: guided distribution of both CFG halves, profile, gate,
 * scheduler, draw and trace row, at LlamaGen's vocabulary (16,384) and a small one (512). Goal
 * (issue 4): ≤ 150 µs per trajectory-step at V = 16,384.
 *
 * <ul>
 *   <li>{@code trajectoryStep}: a one-trajectory ScalingAR job, one step per operation;
 *   <li>{@code jobStepPerTrajectory}: an 8-trajectory ScalingAR job (the gate and the quantiles
 *       over 8), one job step per invocation, reported per trajectory-step.
 * </ul>
 *
 * Logits are Gaussian (σ = 3) with a Gaussian cond/uncond difference (σ = 1), from a pool of 64
 * pre-drawn rows, so memory traffic resembles a real step. A session restarts when its job ends
 * (every L = 256 steps), inside the measurement: that cost is part of a job.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrajectoryStepBenchmark {

  private static final int POOL = 64;
  private static final int TRAJECTORIES = 8;
  private static final Grid GRID = new Grid(16, 16);

  @Param({"512", "16384"})
  public int vocabulary;

  private GaussianLogits logits;
  private float[][] cond, uncond;
  private JobSession single, job;
  private long seed;
  private int cursor;

  @Setup(Level.Trial)
  public void setUp() {
    logits = new GaussianLogits(POOL, vocabulary, 7);
    cond = logits.cond;
    uncond = logits.uncond;
    single = start(1);
    job = start(TRAJECTORIES);
  }

  private JobSession start(int n) {
    return Strategy.named("scalingar").start(SamplingJob.of(n, GRID, vocabulary, seed++, 4.0));
  }

  @Benchmark
  public StepResult trajectoryStep() {
    if (single.isDone()) single = start(1);
    int p = cursor++ & (POOL - 1);
    return single.step(StepInput.of(new TrajectoryLogits(0, cond[p], uncond[p])));
  }

  @Benchmark
  @OperationsPerInvocation(TRAJECTORIES)
  public StepResult jobStepPerTrajectory() {
    if (job.isDone()) job = start(TRAJECTORIES);
    return job.step(logits.stepFor(job));
  }
}
