package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.render.Png;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shapes detokenize tokens.txt --out FILE.png}: the image of a token grid. */
@Command(
    name = "detokenize",
    mixinStandardHelpOptions = true,
    description = "Token grid to image (shipped codebook).")
public final class DetokenizeCommand extends ShapesSubcommand {

  @Parameters(index = "0", paramLabel = "tokens.txt")
  Path tokens;

  @Option(names = "--out", required = true, paramLabel = "FILE.png")
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
    if (!Files.isRegularFile(tokens)) {
      throw new IllegalArgumentException("no such token file: " + tokens);
    }
    String text;
    try {
      text = Files.readString(tokens);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tokens + ": " + e.getMessage(), e);
    }
    Png.write(ImageTokenizer.shipped().decode(TokenFile.read(text)), scale, out);
    out().println(out);
    return 0;
  }
}
