package dev.scalingar.sampler;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derivation of every random stream of a job from its seed, so that the same job seed gives the
 * same tokens on any machine.
 *
 * <p>Trajectory {@code n} draws from {@code new SplittableRandom(mix64(jobSeed + GAMMA·(n + 1)))},
 * where {@code mix64} is Stafford's variant 13 finaliser and {@code GAMMA = 0x9E3779B97F4A7C15}
 * (the golden-ratio increment SplittableRandom itself uses). The job's own stream (importance
 * sampling's resampling draws) is the same formula with {@code n = -1}. SplittableRandom's output
 * for a given seed is fixed by its published algorithm, not by the JDK build.
 */
public final class TrajectorySeeds {

  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private TrajectorySeeds() {}

  /** The generator trajectory {@code n} samples its tokens with. */
  public static RandomGenerator forTrajectory(long jobSeed, int trajectory) {
    if (trajectory < 0)
      throw new IllegalArgumentException("trajectory must be ≥ 0, was " + trajectory);
    return new SplittableRandom(seed(jobSeed, trajectory));
  }

  /** The job-level generator (importance sampling's resampling). */
  public static RandomGenerator forJob(long jobSeed) {
    return new SplittableRandom(seed(jobSeed, -1));
  }

  static long seed(long jobSeed, int stream) {
    return mix64(jobSeed + GAMMA * (stream + 1L));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
