package dev.scalingar.cli;

import java.io.PrintStream;

/** Human-readable progress lines on stderr; stdout stays free for machine-readable output. */
final class Console {
  private final PrintStream err = System.err;
  private final long t0 = System.nanoTime();

  void step(String what) {
    err.printf("[%6.1fs] … %s%n", elapsed(), what);
  }

  void done(String what) {
    err.printf("[%6.1fs] ✓ %s%n", elapsed(), what);
  }

  private double elapsed() {
    return (System.nanoTime() - t0) / 1e9;
  }
}
