package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Reward;
import dev.scalingar.sampler.RewardInput;
import dev.scalingar.sampler.TraceEvent;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.sampler.policy.GuidanceScheduler;
import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.profile.ConfidenceState;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Everything the sampler keeps about one trajectory of a job. */
final class Trajectory {

  final int index;
  final ConfidenceProfile profile;
  final GuidanceScheduler scheduler;
  final RandomGenerator random; // own stream, never copied: resampled twins must diverge
  private final int[] tokens; // [L] raster order
  private int tokenCount;
  private int stepsRun; // compute of this slot, unchanged by copies
  private double selfCertaintySum;
  private double logProbabilitySum;
  private boolean live = true;
  private EndReason end = EndReason.FINISHED;
  double cfgThisStep;

  Trajectory(
      int index,
      ConfidenceProfile profile,
      GuidanceScheduler scheduler,
      RandomGenerator random,
      int length) {
    this.index = index;
    this.profile = profile;
    this.scheduler = scheduler;
    this.random = random;
    tokens = new int[length];
  }

  void record(int token, double selfCertainty, double logProbability) {
    tokens[tokenCount++] = token;
    stepsRun++;
    selfCertaintySum += selfCertainty;
    logProbabilitySum += logProbability;
  }

  void end(EndReason reason) {
    live = false;
    end = reason;
  }

  boolean isLive() {
    return live;
  }

  EndReason endReason() {
    return end;
  }

  int stepsRun() {
    return stepsRun;
  }

  ConfidenceState state() {
    return profile.state();
  }

  int[] tokens() {
    return Arrays.copyOf(tokens, tokenCount);
  }

  /** Where it stands at the end of its job, with the job's {@code reward} of it. */
  TrajectorySummary summary(Reward reward) {
    RewardInput in = rewardInput();
    return new TrajectorySummary(
        index,
        stepsRun,
        end,
        state().c(),
        reward.score(in),
        in.meanSelfCertainty(),
        in.meanLogProbability(),
        tokens());
  }

  /** Its trace row of step {@code t}, as concluded. */
  TraceRow traceRow(int t, int token, double theta, TraceEvent event) {
    ConfidenceState s = state();
    return new TraceRow(
        index,
        t,
        token,
        s.hn(),
        s.m(),
        s.u(),
        s.stok(),
        s.e(),
        s.b(),
        s.i(),
        s.k(),
        s.d(),
        s.c(),
        s.cmin(),
        s.r(),
        theta,
        cfgThisStep,
        s.s(),
        s.cPaper(),
        event);
  }

  RewardInput rewardInput() {
    double steps = Math.max(1, tokenCount);
    return new RewardInput(index, tokens(), selfCertaintySum / steps, logProbabilitySum / steps);
  }

  /**
   * Importance sampling: take over {@code source}'s tokens, profile and statistics; keep own stream
   * and compute count.
   */
  void copyFrom(Trajectory source) {
    System.arraycopy(source.tokens, 0, tokens, 0, source.tokenCount);
    tokenCount = source.tokenCount;
    selfCertaintySum = source.selfCertaintySum;
    logProbabilitySum = source.logProbabilitySum;
    profile.copyFrom(source.profile);
    scheduler.copyFrom(source.scheduler);
  }
}
