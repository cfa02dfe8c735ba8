package dev.scalingar.cli.shapes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Common shell of the shapes subcommands: the expected failures (a prompt outside the grammar, a
 * missing or unreadable file, a malformed token file) become one line on stderr and exit code 1,
 * never a stack trace. Usage errors keep picocli's exit code 2.
 */
abstract class ShapesSubcommand implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  /** The command's work; returns the exit code. */
  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      err().println("scalingar shapes " + spec.name() + ": " + e.getMessage());
      return 1;
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
