package dev.scalingar.worker.results;

/**
 * Whether object storage answers, as the last storage call saw it. The upload threads write it; the
 * loop reads it to pause intake and {@code /health/ready} to say not-ready while it is down, so a
 * worker that cannot store results takes no more jobs (they wait in Kafka for it or another).
 */
public final class StorageHealth {

  private volatile boolean down;
  private volatile String why = "";
  private final java.util.concurrent.atomic.AtomicLong unavailableCalls =
      new java.util.concurrent.atomic.AtomicLong();

  /** A call failed in a way that is retried (unreachable, 5xx, 429). */
  void unavailable(String why) {
    this.why = why;
    down = true;
    unavailableCalls.incrementAndGet();
  }

  /**
   * Calls that met storage unavailable since start (each is retried while the job's deadline
   * allows).
   */
  public long unavailableCalls() {
    return unavailableCalls.get();
  }

  /** A call went through: storage is back. */
  void answered() {
    down = false;
  }

  public boolean down() {
    return down;
  }

  /** The last failure seen, for logs. */
  public String why() {
    return why;
  }
}
