package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.render.Png;
import dev.scalingar.shapes.render.Renderer;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shapes render PROMPT [--seed S] --out FILE.png}: the renderer's image of a prompt. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Draw a correct image for a prompt.")
public final class RenderCommand extends ShapesSubcommand {

  @Parameters(
      index = "0",
      paramLabel = "PROMPT",
      description = "e.g. \"a red circle above a blue square\"")
  String prompt;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "placement, size and colour seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG to write")
  Path out;

  @Option(
      names = "--scale",
      defaultValue = "4",
      description = "pixel enlargement, 4 = 256x256 (default ${DEFAULT-VALUE})")
  int scale;

  @Override
  int run() {
    if (scale < 1 || scale > 16) {
      throw new IllegalArgumentException("--scale must be in 1..16, was " + scale);
    }
    Png.write(Renderer.render(PromptParser.parse(prompt), seed), scale, out);
    out().println(out);
    return 0;
  }
}
