package dev.scalingar.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The tools the browser test needs, found or installed the way the k8s module does it: Debian's
 * {@code chromium} (or {@code -Dui.chromium}), {@code node}, and puppeteer-core from
 * src/test/browser/package-lock.json, installed with {@code npm ci} on first use into
 * src/test/browser/node_modules (git-ignored). Missing tools skip the test with a message; {@code
 * -Dui.requireBrowser=true} makes them a failure.
 */
final class Browser {

  static final boolean REQUIRED = Boolean.getBoolean("ui.requireBrowser");
  static final Path DIR =
      Path.of(System.getProperty("ui.browserDir", "src/test/browser")).toAbsolutePath();
  static final String NODE = System.getProperty("ui.node", "node");
  static final String NPM = System.getProperty("ui.npm", "npm");

  private Browser() {}

  /** The Chromium to drive, after making sure node and puppeteer-core are there; skips when not. */
  static Path prepare() throws IOException, InterruptedException {
    Optional<Path> chromium = chromium();
    skipOrFail(
        chromium.isPresent(), "no Chromium (apt-get install chromium, or -Dui.chromium=PATH)");
    skipOrFail(works(List.of(NODE, "--version")), NODE + " cannot be run (install Node >= 20)");
    Path marker = DIR.resolve("node_modules/.package-lock.json");
    Path lock = DIR.resolve("package-lock.json");
    if (!Files.exists(marker)
        || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) < 0) {
      skipOrFail(works(List.of(NPM, "--version")), NPM + " cannot be run");
      Process npm =
          new ProcessBuilder(NPM, "ci", "--no-audit", "--no-fund", "--prefer-offline")
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = npm.waitFor(600, TimeUnit.SECONDS);
      skipOrFail(done && npm.exitValue() == 0, "npm ci in " + DIR + " failed:\n" + out);
    }
    return chromium.get();
  }

  /**
   * Starts the driver script with its environment; stdout and stderr come back merged, line by
   * line.
   */
  static Process run(String script, Map<String, String> env) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(NODE, script).directory(DIR.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    return pb.start();
  }

  static BufferedReader lines(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Optional<Path> chromium() {
    String configured = System.getProperty("ui.chromium");
    if (configured != null) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir :
          System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean works(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void skipOrFail(boolean ok, String why) {
    if (ok) {
      return;
    }
    if (REQUIRED) {
      throw new AssertionError(why + " (and -Dui.requireBrowser=true)");
    }
    String message =
        "SKIPPED the web view's browser test: "
            + why
            + ". -Dui.requireBrowser=true makes this a failure.";
    System.out.println("[ui] " + message);
    assumeTrue(false, message);
  }
}
