package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.prompts.TypedPrompts;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code shapes normalise PROMPT}: the canonical prompt of a typed one ("A photo of 2 circles." →
 * "two circles"), or the parser's one-line error and exit code 1. {@code shapes normalise --file
 * F}: reads {@code typed<TAB>intended} lines and prints the share read as the intended scene, then
 * one line per miss; exit code 0 whatever the share (a measurement, like {@code eval}).
 */
@Command(
    name = "normalise",
    mixinStandardHelpOptions = true,
    description =
        "Print the canonical prompt of a typed prompt, or measure a file of typed<TAB>intended lines.")
public final class NormaliseCommand extends ShapesSubcommand {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PROMPT",
      description = "a prompt as a user types it")
  String prompt;

  @Option(
      names = "--file",
      paramLabel = "F",
      description = "typed<TAB>intended lines (split at the last tab; # comments)")
  Path file;

  @Override
  int run() {
    if ((prompt == null) == (file == null)) {
      throw new ParameterException(spec.commandLine(), "give either a PROMPT or --file F");
    }
    if (prompt != null) {
      out().println(PromptParser.canonicalPrompt(prompt));
      return 0;
    }
    TypedPrompts.Report report = TypedPrompts.check(TypedPrompts.read(file));
    out()
        .println(
            String.format(
                Locale.ROOT,
                "%d/%d typed prompts parse to the intended scene (%.3f)",
                report.hits(),
                report.outcomes().size(),
                report.share()));
    for (TypedPrompts.Outcome miss : report.misses()) {
      out().println(line(miss));
    }
    return 0;
  }

  private static String line(TypedPrompts.Outcome miss) {
    TypedPrompts.Case c = miss.input();
    String read =
        miss instanceof TypedPrompts.Parsed p
            ? "read as '" + p.canonical() + "'"
            : "refused: " + ((TypedPrompts.Refused) miss).message();
    return "miss line " + c.line() + ": '" + c.typed() + "' (meant '" + c.intended() + "') " + read;
  }
}
