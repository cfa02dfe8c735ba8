package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.prompts.PromptSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shapes prompts [--set eval|dev]}: the frozen prompt set, task<TAB>prompt lines. */
@Command(
    name = "prompts",
    mixinStandardHelpOptions = true,
    description = "List a prompt set (task<TAB>prompt).")
public final class PromptsCommand extends ShapesSubcommand {

  @Option(
      names = "--set",
      defaultValue = "eval",
      description = "eval or dev (default ${DEFAULT-VALUE})")
  String set;

  @Override
  int run() {
    PromptSet prompts = PromptSet.named(set);
    prompts.entries().forEach(e -> out().println(e.task().tag() + "\t" + e.prompt()));
    return 0;
  }
}
