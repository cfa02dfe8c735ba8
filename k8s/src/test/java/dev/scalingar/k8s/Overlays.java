package dev.scalingar.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scalingar.k8s.Manifests.K8sObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The overlays, each rendered once per test JVM and kept under target/k8s-check/ for inspection.
 */
final class Overlays {

  /** The models every overlay serves. */
  static final List<String> SHAPES = List.of("shapes-v1", "shapes-v2");

  /**
   * The opt-in LlamaGen fleet (components/llamagen-c2i-b), only in the overlays that include it.
   */
  static final String LLAMAGEN = "llamagen-c2i-b";

  /**
   * Every overlay under k8s/overlays/ (OverlaysRenderTest refuses a folder missing here), with the
   * models its gateway accepts, one fleet each: the render, schema and policy tests run on each.
   */
  static final Map<String, List<String>> MODELS = models();

  static final List<String> NAMES = List.copyOf(MODELS.keySet());

  private static Map<String, List<String>> models() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("dev", SHAPES);
    m.put("prod", SHAPES);
    m.put("prod-llamagen", List.of("shapes-v1", "shapes-v2", LLAMAGEN));
    return Collections.unmodifiableMap(m);
  }

  /** For {@code @MethodSource("dev.scalingar.k8s.Overlays#names")}. */
  static List<String> names() {
    return NAMES;
  }

  record Rendered(String name, Path file, List<K8sObject> objects) {}

  private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

  /** Asked once per JVM. */
  private static final java.util.function.Supplier<Optional<String>> KUBECTL_MISSING =
      new java.util.function.Supplier<>() {
        private Optional<String> answer;

        @Override
        public synchronized Optional<String> get() {
          if (answer == null) {
            answer = Manifests.kubectlMissing();
          }
          return answer;
        }
      };

  private Overlays() {}

  /** Skips the calling test, with the reason, when kubectl is missing. */
  static void assumeKubectl() {
    Optional<String> missing = KUBECTL_MISSING.get();
    if (missing.isPresent()) {
      String why =
          "SKIPPED: cannot render the overlays without kubectl (v1.27+ has kustomize built in): "
              + missing.get()
              + ". Install kubectl (or pass -Dk8s.kubectl=PATH) to run the k8s checks.";
      System.out.println("[k8s] " + why);
      assumeTrue(false, why);
    }
  }

  static Rendered overlay(String name) {
    return render(name, Manifests.k8sDir().resolve("overlays").resolve(name));
  }

  /** A kustomization under src/test/resources (a deliberately broken fixture). */
  static Rendered fixture(String name) {
    return render(
        "fixture-" + name, Manifests.k8sDir().resolve("src/test/resources").resolve(name));
  }

  private static Rendered render(String label, Path dir) {
    assumeKubectl();
    return CACHE.computeIfAbsent(
        dir,
        d -> {
          try {
            String yaml = Manifests.kustomize(d);
            Path file = Manifests.workDir().resolve(label + ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return new Rendered(label, file, Manifests.parse(yaml));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
