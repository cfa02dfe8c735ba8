package dev.scalingar.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Renders kustomizations with {@code kubectl kustomize} and reads the result as objects. */
final class Manifests {

  /** One rendered object. {@code id()} is how every message names it: {@code Kind/name}. */
  record K8sObject(String kind, String name, JsonNode node) {
    String id() {
      return kind + "/" + name;
    }

    /** The node at a dotted path ({@code spec.template.spec}); MissingNode when absent. */
    JsonNode at(String dotted) {
      JsonNode n = node;
      for (String part : dotted.split("\\.")) {
        n = n.path(part);
      }
      return n;
    }
  }

  private static final ObjectMapper YAML = new YAMLMapper();

  private Manifests() {}

  /** k8s/ of this checkout: the module's base directory (set by Maven; "." when run from k8s/). */
  static Path k8sDir() {
    return Path.of(System.getProperty("k8s.dir", ".")).toAbsolutePath().normalize();
  }

  /** Scratch space under target/. */
  static Path workDir() throws IOException {
    Path dir = Path.of(System.getProperty("k8s.work", "target/k8s-check")).toAbsolutePath();
    return Files.createDirectories(dir);
  }

  /** The kubectl to run: -Dk8s.kubectl=PATH, else kubectl from the PATH. */
  static String kubectl() {
    return System.getProperty("k8s.kubectl", "kubectl");
  }

  /** Why kubectl cannot be used here, or empty when it can. */
  static Optional<String> kubectlMissing() {
    try {
      Result r = run(List.of(kubectl(), "version", "--client"), Path.of("."), 60);
      return r.exit() == 0
          ? Optional.empty()
          : Optional.of("kubectl version --client exited " + r.exit() + ": " + r.output());
    } catch (IOException e) {
      return Optional.of(kubectl() + " cannot be run (" + e.getMessage() + ")");
    }
  }

  /**
   * {@code kubectl kustomize DIR}; a failure to render is a test failure with kubectl's message.
   */
  static String kustomize(Path dir) throws IOException {
    Result r = run(List.of(kubectl(), "kustomize", dir.toString()), dir, 120);
    if (r.exit() != 0) {
      throw new AssertionError(
          "kubectl kustomize " + dir + " failed (exit " + r.exit() + "):\n" + r.output());
    }
    return r.output();
  }

  static List<K8sObject> parse(String yaml) throws IOException {
    List<K8sObject> out = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty() || doc instanceof MissingNode) {
          continue;
        }
        out.add(
            new K8sObject(
                doc.path("kind").asText(), doc.path("metadata").path("name").asText(), doc));
      }
    }
    return out;
  }

  record Result(int exit, String output) {}

  /** Runs a command, stdout and stderr together, killed after the timeout. */
  static Result run(List<String> command, Path dir, int timeoutSeconds) throws IOException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      byte[] bytes = readAll(p, timeoutSeconds);
      return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }

  private static byte[] readAll(Process p, int timeoutSeconds)
      throws IOException, InterruptedException {
    var buffer = new java.io.ByteArrayOutputStream();
    Thread pump =
        new Thread(
            () -> {
              try (var in = p.getInputStream()) {
                in.transferTo(buffer);
              } catch (IOException ignored) {
                // the process died; what was read is kept
              }
            });
    pump.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      pump.join(5_000);
      throw new IOException("timed out after " + timeoutSeconds + " s; output so far:\n" + buffer);
    }
    pump.join(10_000);
    return buffer.toByteArray();
  }
}
