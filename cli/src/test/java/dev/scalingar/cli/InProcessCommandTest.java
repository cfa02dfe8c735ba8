package dev.scalingar.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A test of {@code ./scalingar} commands run in process, their output and errors captured. */
abstract class InProcessCommandTest {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /**
   * Runs {@code ./scalingar args} as {@code main} would, without exiting; returns its exit code.
   */
  int run(String... args) {
    return Main.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
