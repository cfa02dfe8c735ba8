package dev.scalingar.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs validate/validate.mjs (Node) over rendered files. The npm packages (package.json,
 * package-lock.json) are installed into k8s/node_modules (git-ignored) on first use. -Dk8s.node and
 * -Dk8s.npm name other binaries.
 */
final class SchemaValidator {

  /**
   * -Dk8s.requireSchemaValidation=true turns a missing Node or a failed npm install into a failure.
   */
  static final boolean REQUIRED = Boolean.getBoolean("k8s.requireSchemaValidation");

  private static volatile boolean installed;

  static final String NODE = System.getProperty("k8s.node", "node");
  static final String NPM = System.getProperty("k8s.npm", "npm");

  private SchemaValidator() {}

  static synchronized void ensureInstalled() throws IOException {
    if (installed) {
      return;
    }
    Path dir = Manifests.k8sDir();
    skipOrFail(
        commandWorks(List.of(NODE, "--version")), NODE + " cannot be run (not on the PATH?)");
    Path marker = dir.resolve("node_modules/.package-lock.json");
    Path lock = dir.resolve("package-lock.json");
    boolean upToDate =
        Files.exists(marker)
            && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0;
    if (!upToDate) {
      skipOrFail(
          commandWorks(List.of(NPM, "--version")), NPM + " cannot be run (not on the PATH?)");
      Manifests.Result r =
          Manifests.run(
              List.of(NPM, "ci", "--no-audit", "--no-fund", "--prefer-offline"), dir, 600);
      skipOrFail(
          r.exit() == 0,
          "npm ci in k8s/ failed (exit " + r.exit() + "), no schema validation:\n" + r.output());
    }
    installed = true;
  }

  private static void skipOrFail(boolean ok, String why) {
    if (ok) {
      return;
    }
    if (REQUIRED) {
      throw new AssertionError(why + " (and -Dk8s.requireSchemaValidation=true)");
    }
    String message =
        "SKIPPED schema validation: "
            + why
            + ". Install Node >= 20 and npm to run it "
            + "(-Dk8s.requireSchemaValidation=true makes this a failure).";
    System.out.println("[k8s] " + message);
    assumeTrue(false, message);
  }

  private static boolean commandWorks(List<String> command) {
    try {
      return Manifests.run(command, Manifests.k8sDir(), 60).exit() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Validates LABEL=FILE pairs; the result's output has one line per object and a summary line. */
  static Manifests.Result validate(List<Overlays.Rendered> rendered) throws IOException {
    ensureInstalled();
    List<String> command = new ArrayList<>(List.of(NODE, "validate/validate.mjs"));
    for (Overlays.Rendered r : rendered) {
      command.add(r.name() + "=" + r.file());
    }
    return Manifests.run(command, Manifests.k8sDir(), 120);
  }

  static List<String> failures(Manifests.Result result) {
    return result.output().lines().filter(l -> l.startsWith("FAIL")).toList();
  }
}
