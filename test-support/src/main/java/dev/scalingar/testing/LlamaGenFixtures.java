package dev.scalingar.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The LlamaGen reference data (shared/fixtures/llamagen: tiny random models run through LlamaGen's
 * own code), found at {@code ../shared/fixtures/llamagen} beside the repository root, where CI puts
 * it. It is never copied into the repository; a test that needs it skips, naming the folder, where
 * it is absent.
 */
public final class LlamaGenFixtures {

  public static final String RELATIVE = "../shared/fixtures/llamagen";

  private LlamaGenFixtures() {}

  /** The fixtures folder, or a skipped test (with the folder it looked for) when it is absent. */
  public static Path dir() {
    Path root = repositoryRoot();
    Path dir = root.resolve(RELATIVE).normalize();
    Assumptions.assumeTrue(
        Files.isRegularFile(dir.resolve("shapes.json")),
        "LlamaGen fixtures not found at "
            + RELATIVE
            + " beside the repository root ("
            + dir
            + "); skipped");
    return dir;
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  /**
   * The outermost directory above the working directory that holds {@code mvnw}: the repository
   * root.
   */
  static Path repositoryRoot() {
    Path root = Path.of("").toAbsolutePath();
    for (Path d = root; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw"))) {
        root = d;
      }
    }
    return root;
  }
}
