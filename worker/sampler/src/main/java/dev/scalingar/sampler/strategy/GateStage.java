package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.policy.GateDecision;
import dev.scalingar.sampler.policy.TerminationGate;
import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.profile.ConfidenceState;
import dev.scalingar.sampler.profile.JobConclusion;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A job's live trajectories and the one order their profiles and the termination gate step in: each
 * live trajectory observes its token, the job concludes ({@link JobConclusion}: step statistics, B
 * and D against their references, I, C, Cmin, R, the calibration), the gate decides on C and R, a
 * flagged trajectory restarts its minimum and a terminated one leaves the live set. The served
 * session observes what it samples ({@link #step}), the benchmark's gate replay what best-of-N
 * recorded ({@link #replay}); both step through this class, so the replay's outcome is the
 * session's by construction, not by a second copy of the order.
 *
 * <p>Ends for other reasons (the token budget, the last step) are the session's, through {@link
 * #retire}. Mutable, owned by one thread.
 */
public final class GateStage {

  /** A recorded job: what each trajectory measured at each step, for its profile to observe. */
  @FunctionalInterface
  public interface Recording {
    /** Phase 1 of trajectory {@code n}'s {@code profile} at step {@code t}, as recorded. */
    void observe(int n, int t, ConfidenceProfile profile);
  }

  private final IntFunction<ConfidenceProfile> profiles; // by trajectory
  private final JobConclusion conclusion;
  private final TerminationGate gate; // null: nothing is pruned, every decision is NONE
  private final int[] live; // live[0..liveCount), ascending
  private int liveCount;
  private final double[] confidence, rebound; // [trajectory], as of its last step live
  private final GateDecision[] decisions; // [trajectory], of the last step

  /**
   * All {@code trajectories} live, none stepped yet.
   *
   * @param profiles trajectory n's profile, the same object at every step
   * @param gate the job's gate, or null when the strategy prunes nothing
   */
  GateStage(
      IntFunction<ConfidenceProfile> profiles,
      int trajectories,
      ProfileConfig profile,
      TerminationGate gate) {
    this.profiles = profiles;
    conclusion = new JobConclusion(profile);
    this.gate = gate;
    live = new int[trajectories];
    for (int n = 0; n < trajectories; n++) live[n] = n;
    liveCount = trajectories;
    confidence = new double[trajectories];
    rebound = new double[trajectories];
    decisions = new GateDecision[trajectories];
    Arrays.fill(decisions, GateDecision.NONE);
  }

  /**
   * A job to {@link #replay} from its recording: fresh profiles of a {@code height}×{@code width}
   * grid under {@code config}'s profile and gate, all {@code trajectories} live.
   */
  public static GateStage replaying(SamplerConfig config, int height, int width, int trajectories) {
    ConfidenceProfile[] profiles = new ConfidenceProfile[trajectories];
    for (int n = 0; n < trajectories; n++)
      profiles[n] = new ConfidenceProfile(config.profile(), height, width);
    return new GateStage(
        n -> profiles[n],
        trajectories,
        config.profile(),
        new TerminationGate(config.termination(), height * width, trajectories));
  }

  /** The live trajectories, ascending (a copy). */
  public int[] live() {
    return Arrays.copyOf(live, liveCount);
  }

  public int liveCount() {
    return liveCount;
  }

  public boolean isEmpty() {
    return liveCount == 0;
  }

  /**
   * Step {@code t}: {@code observe} feeds each live trajectory's profile its token (phase 1), in
   * ascending order; then the job concludes, the gate decides, a flagged trajectory restarts its
   * minimum and a terminated one is retired. When {@code observe} throws, nothing here has changed
   * (the profiles it already fed have).
   *
   * @return the trajectories stepped: the live set before the gate, ascending
   */
  int[] step(int t, IntConsumer observe) {
    int[] stepped = live();
    for (int n : stepped) observe.accept(n);
    conclusion.conclude(profiles, live, liveCount);
    for (int n : stepped) {
      ConfidenceState s = profiles.apply(n).state();
      confidence[n] = s.c();
      rebound[n] = s.r();
    }
    Arrays.fill(decisions, GateDecision.NONE);
    if (gate != null) gate.decide(t, live, liveCount, confidence, rebound, decisions);
    int kept = 0;
    for (int n : stepped) {
      // after the gate read this step's R, so that R measures the rebound since the flag
      if (decisions[n] == GateDecision.FLAGGED) profiles.apply(n).restartMinimum();
      if (decisions[n] != GateDecision.TERMINATED) live[kept++] = n;
    }
    liveCount = kept;
    return stepped;
  }

  /**
   * Step {@code t} of a recorded job: each live trajectory observes what {@code recording} says it
   * measured there, then the step goes on as {@link #step}'s.
   *
   * @return the trajectories stepped: the live set before the gate, ascending
   */
  public int[] replay(int t, Recording recording) {
    return step(t, n -> recording.observe(n, t, profiles.apply(n)));
  }

  /** The gate's decision for {@code n} at the last step; NONE when it was not stepped there. */
  public GateDecision decision(int n) {
    return decisions[n];
  }

  /** {@code n}'s C at the last step it was live (as concluded, before any restart); 0 before. */
  public double confidence(int n) {
    return confidence[n];
  }

  /** {@code n}'s profile after the last step it was live (after any restart of its minimum). */
  public ConfidenceState state(int n) {
    return profiles.apply(n).state();
  }

  /** The gate's theta; NaN before the end of its warm-up, or without a gate. */
  public double threshold() {
    return gate == null ? Double.NaN : gate.threshold();
  }

  /**
   * The live trajectory with the highest C, the lowest index among equals (and when every C is
   * NaN): the selection rule of the strategies that select by confidence.
   */
  public int mostConfident() {
    if (liveCount == 0) throw new IllegalStateException("no live trajectory to select");
    int best = live[0];
    for (int j = 1; j < liveCount; j++) if (confidence[live[j]] > confidence[best]) best = live[j];
    return best;
  }

  /** Takes live trajectory {@code n} out of the live set, for an end the gate did not decide. */
  void retire(int n) {
    int j = 0;
    while (j < liveCount && live[j] != n) j++;
    if (j == liveCount)
      throw new IllegalArgumentException("trajectory " + n + " is not live; live: " + this);
    System.arraycopy(live, j + 1, live, j, liveCount - j - 1);
    liveCount--;
  }

  /** The live trajectories, as {@link Arrays#toString(int[])} writes them. */
  @Override
  public String toString() {
    return Arrays.toString(live());
  }
}
