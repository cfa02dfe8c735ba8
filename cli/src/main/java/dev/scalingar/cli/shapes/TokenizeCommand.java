package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.render.Png;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shapes tokenize FILE.png [--out tokens.txt]}: the image's 16×16 token grid. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = "Image to token grid (shipped codebook).")
public final class TokenizeCommand extends ShapesSubcommand {

  @Parameters(index = "0", paramLabel = "FILE.png")
  Path image;

  @Option(names = "--out", paramLabel = "tokens.txt", description = "write here instead of stdout")
  Optional<Path> out;

  @Override
  int run() {
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    int[] tokens = tokenizer.encode(Png.read(image));
    String text = TokenFile.write(tokens, tokenizer.gridSize(), tokenizer.vocabularySize());
    if (out.isPresent()) {
      try {
        Files.writeString(out.get(), text);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out.get() + ": " + e.getMessage(), e);
      }
      out().println(out.get());
    } else {
      out().print(text);
      out().flush(); // print() does not flush, and Main exits right after
    }
    return 0;
  }
}
