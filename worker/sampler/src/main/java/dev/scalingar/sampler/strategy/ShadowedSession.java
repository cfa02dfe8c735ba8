package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SampledToken;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TrajectoryEnd;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.sampler.profile.ProfileConfig;
import dev.scalingar.sampler.profile.ShadowConclusion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The benchmark's session for the pruning regret ({@link Strategy#shadowing}): the served {@link
 * StrategySession} runs the job unchanged, and a trajectory its gate terminates becomes a shadow
 * here. A shadow keeps its slot and its rows and draws on to step L, outside the job: not in its
 * live set, accounting, gate quantile, references, selection or trace, so the job's outcome is the
 * one it has without shadows, while the finished grid of every pruned trajectory can be judged.
 *
 * <p>To the engine a shadow is one more row to run: {@link #liveTrajectories()} lists it, its token
 * is among the step's tokens, and its end is reported (as FINISHED, its slot is free) only with the
 * job's last step. In {@link #finish()} it keeps the reason it was ended for and the steps it ran
 * up to then, which are all that count; its tokens, final C and rewards are those of the full grid.
 */
final class ShadowedSession implements JobSession {

  private final SessionPlan plan;
  private final StrategySession served;
  private final TokenSampler sampler;
  private final ShadowConclusion conclusion;
  private int[] shadows = new int[0]; // ascending
  private final int[] stepsWhenEnded; // [trajectory], the steps that count for a shadow
  private String failure; // a shadow's logits held NaN/+Infinity

  ShadowedSession(SessionPlan plan, SamplingJob job) {
    this.plan = plan;
    served = new StrategySession(plan, job);
    ProfileConfig profile = plan.profile();
    sampler = new TokenSampler(job, profile);
    conclusion = new ShadowConclusion(profile);
    stepsWhenEnded = new int[plan.trajectories()];
  }

  @Override
  public SamplingJob job() {
    return served.job();
  }

  @Override
  public String strategy() {
    return served.strategy();
  }

  @Override
  public int[] trajectories() {
    return served.trajectories();
  }

  /** The served job's live trajectories and the shadows, ascending: every row a step runs. */
  @Override
  public int[] liveTrajectories() {
    return isDone() ? new int[0] : merged(served.liveTrajectories(), shadows);
  }

  @Override
  public int nextStep() {
    return served.nextStep();
  }

  @Override
  public double cfgFor(int trajectory) {
    return isShadow(trajectory)
        ? served.trajectory(trajectory).scheduler.scale()
        : served.cfgFor(trajectory);
  }

  @Override
  public boolean isDone() {
    return served.isDone();
  }

  @Override
  public StepResult step(StepInput input) {
    int t = served.nextStep();
    if (isDone())
      throw new IllegalStateException("the job is done after " + t + " steps: call finish()");
    if (failure != null)
      throw new IllegalStateException("the session failed at step " + t + ": " + failure);
    int[] stepLive = served.liveTrajectories();
    List<TrajectoryLogits> liveRows = new ArrayList<>(stepLive.length);
    TrajectoryLogits[] shadowRows = shadowRows(input, liveRows);
    StepResult job = served.step(new StepInput(liveRows)); // checks the live rows first
    List<SampledToken> tokens = new ArrayList<>(job.tokens());
    try {
      for (int j = 0; j < shadows.length; j++)
        tokens.add(sampler.sample(served.trajectory(shadows[j]), shadowRows[j], t));
    } catch (IllegalArgumentException e) {
      failure = e.getMessage(); // the job's step is taken, its shadows' is not: the job must fail
      throw e;
    }
    tokens.sort(Comparator.comparingInt(SampledToken::trajectory));
    conclusion.conclude(n -> served.trajectory(n).profile, stepLive, stepLive.length, shadows);
    List<TrajectoryEnd> ended = new ArrayList<>();
    for (TrajectoryEnd end : job.ended()) {
      if (end.reason() == EndReason.TERMINATED) shadow(end.trajectory());
      else ended.add(end);
    }
    if (plan.scheduler()) schedule();
    if (job.done()) {
      // only now is a shadow's slot free
      for (int n : shadows) ended.add(new TrajectoryEnd(n, EndReason.FINISHED));
    }
    return new StepResult(t, tokens, ended, job.copies(), job.trace(), job.done());
  }

  /**
   * Splits the step's input: the served job's rows into {@code liveRows}, the shadows' returned in
   * {@link #shadows}' order. Rejects a malformed input before any state changes, as the served
   * session does.
   */
  private TrajectoryLogits[] shadowRows(StepInput input, List<TrajectoryLogits> liveRows) {
    TrajectoryLogits[] rows = new TrajectoryLogits[shadows.length];
    for (TrajectoryLogits row : input.rows()) {
      int j = Arrays.binarySearch(shadows, row.trajectory());
      if (j < 0) {
        liveRows.add(row);
        continue;
      }
      if (rows[j] != null) {
        throw new IllegalArgumentException(
            "trajectory " + row.trajectory() + " appears twice in step " + served.nextStep());
      }
      sampler.checkRow(row);
      rows[j] = row;
    }
    for (int j = 0; j < rows.length; j++) {
      if (rows[j] == null) {
        throw new IllegalArgumentException(
            "step "
                + served.nextStep()
                + " needs a row for shadow trajectory "
                + shadows[j]
                + " too; live and shadows: "
                + Arrays.toString(liveTrajectories()));
      }
    }
    return rows;
  }

  private void shadow(int n) {
    stepsWhenEnded[n] = served.trajectory(n).stepsRun();
    shadows = merged(shadows, new int[] {n});
  }

  /** A shadow's next CFG scale, as the served session schedules its live trajectories. */
  private void schedule() {
    for (int n : shadows) {
      Trajectory tr = served.trajectory(n);
      tr.scheduler.update(tr.state().d(), tr.state().i(), tr.state().r());
    }
  }

  private boolean isShadow(int n) {
    return Arrays.binarySearch(shadows, n) >= 0;
  }

  private static int[] merged(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Arrays.sort(all);
    return all;
  }

  /** The served job's outcome; a shadow's summary counts the steps it ran before its end. */
  @Override
  public JobOutcome finish() {
    JobOutcome job = served.finish();
    List<TrajectorySummary> summaries = new ArrayList<>(job.trajectories());
    for (int n : shadows) {
      TrajectorySummary s = summaries.get(n);
      summaries.set(
          n,
          new TrajectorySummary(
              s.trajectory(),
              stepsWhenEnded[n],
              s.end(),
              s.finalConfidence(),
              s.reward(),
              s.meanSelfCertainty(),
              s.meanLogProbability(),
              s.tokens()));
    }
    return new JobOutcome(
        job.selectedTrajectory(),
        job.tokens(),
        job.selectedConfidence(),
        job.selectedReward(),
        job.accounting(),
        summaries);
  }
}
