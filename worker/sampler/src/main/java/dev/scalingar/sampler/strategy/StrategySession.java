package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.Accounting;
import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SampledToken;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StateCopy;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TraceEvent;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectoryEnd;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.TrajectorySeeds;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.sampler.policy.GuidanceScheduler;
import dev.scalingar.sampler.policy.TerminationGate;
import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.profile.ConfidenceState;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The served session, one implementation for every strategy: a {@link SessionPlan} switches the
 * gate, the scheduler, the resampling and the selection rule. A step is a pipeline of named stages:
 * sample → conclude (B, D, I, C, R) → gate → schedule → budget → finish or resample → trace; the
 * first three, and the live set, are {@link GateStage}'s, which the benchmark's gate replay steps
 * too. A trajectory it ends is gone; the benchmark's shadows, which draw on after the gate ended
 * them, are {@link ShadowedSession}'s, around this one.
 */
final class StrategySession implements JobSession {

  private final SessionPlan plan;
  private final SamplingJob job;
  private final int length;
  private final Trajectory[] trajectories; // [trajectory]
  private final TokenSampler sampler;
  private final GateStage stage; // the live set; its gate is null when the plan has none
  private final RandomGenerator jobRandom; // importance sampling's draws
  private final TreeSet<Integer> checkpoints = new TreeSet<>(); // steps after which IS resamples

  // per-step scratch, indexed by trajectory
  private final TrajectoryLogits[] rows;
  private final TraceEvent[] events;

  private int step;
  private long visualTokens;
  private int endedEarly, stateCopies;
  private int selected = -1;
  private String failure; // set when logits with NaN/+Infinity broke a step half-way

  StrategySession(SessionPlan plan, SamplingJob job) {
    this.plan = plan;
    this.job = job;
    ProfileConfig profileConfig = plan.profile();
    length = job.grid().length();
    int n = plan.trajectories();
    long minimumBudget = n + length - 1L;
    if (job.tokenBudget().isPresent() && job.tokenBudget().getAsLong() < minimumBudget) {
      throw new IllegalArgumentException(
          "job.tokenBudget must be ≥ N + L − 1 = "
              + minimumBudget
              + " so one trajectory can finish, was "
              + job.tokenBudget().getAsLong());
    }
    trajectories = new Trajectory[n];
    for (int i = 0; i < n; i++) {
      trajectories[i] =
          new Trajectory(
              i,
              new ConfidenceProfile(profileConfig, job.grid().height(), job.grid().width()),
              new GuidanceScheduler(
                  job.config().guidance(), job.baseCfgScale(), job.grid().width()),
              TrajectorySeeds.forTrajectory(job.seed(), i),
              length);
    }
    sampler = new TokenSampler(job, profileConfig);
    stage =
        new GateStage(
            k -> trajectories[k].profile,
            n,
            profileConfig,
            plan.gate() ? new TerminationGate(job.config().termination(), length, n) : null);
    jobRandom = TrajectorySeeds.forJob(job.seed());
    if (plan.resample()) {
      for (double f : job.config().resampling().checkpoints()) {
        int after = (int) Math.round(f * length) - 1;
        if (after >= 0 && after < length - 1) checkpoints.add(after);
      }
    }
    rows = new TrajectoryLogits[n];
    events = new TraceEvent[n];
  }

  @Override
  public SamplingJob job() {
    return job;
  }

  @Override
  public String strategy() {
    return plan.name();
  }

  @Override
  public int[] trajectories() {
    int[] all = new int[trajectories.length];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return all;
  }

  @Override
  public int[] liveTrajectories() {
    return stage.live();
  }

  /** Trajectory {@code n}'s state, live or ended, for {@link ShadowedSession}. */
  Trajectory trajectory(int n) {
    return trajectories[n];
  }

  @Override
  public int nextStep() {
    return step;
  }

  @Override
  public double cfgFor(int trajectory) {
    return liveTrajectory(trajectory).scheduler.scale();
  }

  @Override
  public boolean isDone() {
    return stage.isEmpty();
  }

  @Override
  public StepResult step(StepInput input) {
    if (isDone())
      throw new IllegalStateException("the job is done after " + step + " steps: call finish()");
    if (failure != null)
      throw new IllegalStateException("the session failed at step " + step + ": " + failure);
    int t = step;
    int[] stepLive = stage.live(); // the trajectories sampled at this step
    acceptRows(input, stepLive); // rejects a malformed input before any state changes
    List<SampledToken> tokens = new ArrayList<>(stepLive.length);
    stage.step(t, n -> tokens.add(sample(n, t)));
    List<TrajectoryEnd> ended = new ArrayList<>();
    Arrays.fill(events, TraceEvent.NONE);
    gateEvents(stepLive, ended);
    if (plan.scheduler()) schedule();
    enforceBudget(t, ended);
    if (t == length - 1) finishAll(ended);
    List<TraceRow> trace = traceRows(t, tokens);
    // after the trace, so each row shows the slot's own step, not the state copied into it
    List<StateCopy> copies = !isDone() && checkpoints.contains(t) ? resample() : List.of();
    step++;
    return new StepResult(t, tokens, ended, copies, trace, isDone());
  }

  private void acceptRows(StepInput input, int[] stepLive) {
    Arrays.fill(rows, null);
    if (input.rows().size() != stepLive.length) {
      throw new IllegalArgumentException(
          "step "
              + step
              + " needs one row per live trajectory "
              + Arrays.toString(stepLive)
              + ", got "
              + input.rows().size());
    }
    for (TrajectoryLogits row : input.rows()) {
      Trajectory tr = liveTrajectory(row.trajectory());
      if (rows[tr.index] != null) {
        throw new IllegalArgumentException(
            "trajectory " + tr.index + " appears twice in step " + step);
      }
      sampler.checkRow(row);
      rows[tr.index] = row;
    }
  }

  /** The sample stage ({@link TokenSampler}) of live trajectory {@code n}: its observe. */
  private SampledToken sample(int n, int t) {
    try {
      SampledToken token = sampler.sample(trajectories[n], rows[n], t);
      visualTokens++;
      return token;
    } catch (IllegalArgumentException e) {
      // NaN/+Infinity logits surface mid-step, after other trajectories sampled: the job must fail
      failure = e.getMessage();
      throw e;
    }
  }

  /** The gate's decisions as trace events; a terminated trajectory has left the live set. */
  private void gateEvents(int[] stepLive, List<TrajectoryEnd> ended) {
    for (int n : stepLive) {
      switch (stage.decision(n)) {
        case FLAGGED -> events[n] = TraceEvent.FLAGGED;
        case RECOVERED -> events[n] = TraceEvent.RECOVERED;
        case TERMINATED -> {
          end(n, EndReason.TERMINATED, ended);
          events[n] = TraceEvent.TERMINATED;
        }
        case NONE -> {}
      }
    }
  }

  /** The next step's CFG scale of every trajectory still live. */
  private void schedule() {
    for (int n : stage.live()) {
      ConfidenceState s = trajectories[n].state();
      trajectories[n].scheduler.update(s.d(), s.i(), s.r());
    }
  }

  /**
   * The optional visual-token budget: while the live trajectories could not all finish within it,
   * end the lowest-C one (never the last).
   */
  private void enforceBudget(int t, List<TrajectoryEnd> ended) {
    if (job.tokenBudget().isEmpty()) return;
    long budget = job.tokenBudget().getAsLong();
    long remaining = length - (t + 1L);
    while (stage.liveCount() > 1 && visualTokens + stage.liveCount() * remaining > budget) {
      int[] live = stage.live();
      int lowest = live[0];
      for (int n : live) {
        if (stage.confidence(n) <= stage.confidence(lowest)) lowest = n; // ties: higher index
      }
      retire(lowest, EndReason.BUDGET, ended);
      events[lowest] = TraceEvent.TERMINATED;
    }
  }

  private void finishAll(List<TrajectoryEnd> ended) {
    int best = plan.selectByReward() ? highestReward() : stage.mostConfident();
    for (int n : stage.live()) retire(n, EndReason.FINISHED, ended);
    selected = best;
    events[best] = TraceEvent.SELECTED;
  }

  /** The live trajectory with the highest reward, the lowest index among equals. */
  private int highestReward() {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int n : stage.live()) {
      double score = plan.reward().score(trajectories[n].rewardInput());
      if (best < 0 || score > bestScore) {
        best = n;
        bestScore = score;
      }
    }
    return best;
  }

  private List<StateCopy> resample() {
    int[] live = stage.live();
    double[] rewards = new double[live.length];
    for (int j = 0; j < live.length; j++)
      rewards[j] = plan.reward().score(trajectories[live[j]].rewardInput());
    List<StateCopy> copies =
        ImportanceResampler.resample(live, rewards, job.config().resampling().lambda(), jobRandom);
    for (StateCopy copy : copies)
      trajectories[copy.destination()].copyFrom(trajectories[copy.source()]);
    stateCopies += copies.size();
    return copies;
  }

  /** One row per trajectory live at the start of the step. */
  private List<TraceRow> traceRows(int t, List<SampledToken> tokens) {
    double theta = stage.threshold();
    List<TraceRow> trace = new ArrayList<>(tokens.size());
    for (SampledToken token : tokens) {
      int n = token.trajectory();
      trace.add(trajectories[n].traceRow(t, token.token(), theta, events[n]));
    }
    return trace;
  }

  /** Ends live trajectory {@code n} for a reason the gate did not decide. */
  private void retire(int n, EndReason reason, List<TrajectoryEnd> ended) {
    stage.retire(n);
    end(n, reason, ended);
  }

  /** Records the end of {@code n}, which has left the stage's live set. */
  private void end(int n, EndReason reason, List<TrajectoryEnd> ended) {
    trajectories[n].end(reason);
    if (reason != EndReason.FINISHED) endedEarly++;
    ended.add(new TrajectoryEnd(n, reason));
  }

  private Trajectory liveTrajectory(int n) {
    if (n < 0 || n >= trajectories.length || !trajectories[n].isLive()) {
      throw new IllegalArgumentException("trajectory " + n + " is not live; live: " + stage);
    }
    return trajectories[n];
  }

  @Override
  public JobOutcome finish() {
    if (!isDone())
      throw new IllegalStateException(
          "the job is not done: " + stage.liveCount() + " trajectories live at step " + step);
    List<TrajectorySummary> summaries = new ArrayList<>(trajectories.length);
    for (Trajectory tr : trajectories) summaries.add(tr.summary(plan.reward()));
    Trajectory chosen = trajectories[selected];
    Accounting accounting =
        new Accounting(
            visualTokens,
            2 * visualTokens,
            (long) trajectories.length * length,
            trajectories.length,
            endedEarly,
            stateCopies);
    return new JobOutcome(
        selected,
        chosen.tokens(),
        chosen.state().c(),
        summaries.get(selected).reward(),
        accounting,
        summaries);
  }
}
