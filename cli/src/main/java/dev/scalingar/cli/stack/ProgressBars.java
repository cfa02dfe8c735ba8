package dev.scalingar.cli.stack;

import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A job's progress bar: redrawn in place on a terminal; on anything else (a CI log, a file, a pipe)
 * plain lines, one every {@link #PLAIN_INTERVAL_MILLIS}, without the carriage returns that turn a
 * log into one endless line.
 */
public final class ProgressBars {

  /** Between two plain lines: a log a person can read, not five lines a second. */
  static final int PLAIN_INTERVAL_MILLIS = 2_000;

  private ProgressBars() {}

  /** Whether stdout is a terminal ({@code System.console()} is null when it is redirected). */
  public static boolean stdoutIsTerminal() {
    return System.console() != null;
  }

  /**
   * @param terminal redraw in place; otherwise {@code lines} gets each state as a line of its own
   */
  public static ProgressBarBuilder builder(
      String taskName, long max, boolean terminal, Consumer<String> lines) {
    ProgressBarBuilder b =
        new ProgressBarBuilder()
            .setTaskName(taskName)
            .setInitialMax(max)
            .setStyle(ProgressBarStyle.ASCII);
    return terminal
        ? b.setUpdateIntervalMillis(200)
        : b.setUpdateIntervalMillis(PLAIN_INTERVAL_MILLIS)
            .setConsumer(new DelegatingProgressBarConsumer(lines));
  }
}
