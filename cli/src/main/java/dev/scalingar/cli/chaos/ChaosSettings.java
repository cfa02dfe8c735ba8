package dev.scalingar.cli.chaos;

import java.time.Duration;

/**
 * How big and how long the chaos scenarios are; every count and wait is bounded.
 *
 * @param jobs jobs submitted before each fault (6)
 * @param trajectories n of those jobs (4; the burst's are 1)
 * @param duringFault more jobs submitted while the fault lasts (2)
 * @param outage how long the broker or S3 stays down (20 s: longer than a job's decoding, so
 *     uploads and event writes meet the outage)
 * @param deadline how long after the fault every accepted job may take to reach a terminal status
 *     before it counts as lost (300 s)
 * @param burst submissions of the burst scenario (200), {@code burstParallel} (16) at a time
 */
public record ChaosSettings(
    int jobs,
    int trajectories,
    int duringFault,
    Duration outage,
    Duration deadline,
    int burst,
    int burstParallel) {

  public static ChaosSettings defaults() {
    return new ChaosSettings(6, 4, 2, Duration.ofSeconds(20), Duration.ofSeconds(300), 200, 16);
  }
}
