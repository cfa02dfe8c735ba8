package dev.scalingar.cli.shapes;

import dev.scalingar.shapes.tokenizer.Codebook;
import dev.scalingar.shapes.tokenizer.CodebookTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shapes codebook --out FILE}: retrains the codebook with the v1 settings. Writing it to
 * shapes/src/main/resources/dev/scalingar/shapes/codebook-v1.bin reproduces the shipped file byte
 * for byte (a test checks it).
 */
@Command(
    name = "codebook",
    mixinStandardHelpOptions = true,
    description = "Retrain the tokenizer codebook (v1 settings).")
public final class CodebookCommand extends ShapesSubcommand {

  @Option(names = "--out", required = true, paramLabel = "FILE.bin")
  Path out;

  @Override
  int run() {
    CodebookTrainer.Config config = CodebookTrainer.Config.v1();
    Codebook codebook = CodebookTrainer.train(config);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(out, codebook.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    out()
        .printf(
            "%s: %d entries of %dx%d pixels (%s)%n",
            out, codebook.size(), codebook.patchSize(), codebook.patchSize(), config);
    return 0;
  }
}
