package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rendered object against its schema: Kubernetes (kubernetes-models 5.1.0), KEDA
 * (@kubernetes-models/keda 2.0.0), Strimzi (@kubernetes-models/strimzi-kafka-operator 1.0.1),
 * Prometheus operator (@kubernetes-models/prometheus-operator 6.0.0).
 */
class SchemaValidationTest {

  @Test
  void everyObjectOfEveryOverlayMatchesItsSchema() throws Exception {
    List<Overlays.Rendered> rendered = Overlays.NAMES.stream().map(Overlays::overlay).toList();
    Manifests.Result result = SchemaValidator.validate(rendered);
    System.out.println(
        "[k8s] schema validation:\n"
            + result
                .output()
                .lines()
                .filter(l -> !l.startsWith("OK"))
                .reduce("", (a, b) -> a + "  " + b + "\n"));
    assertThat(SchemaValidator.failures(result))
        .as("schema violations (overlay Kind/name: field message)")
        .isEmpty();
    assertThat(result.exit()).as(result.output()).isZero();
    int objects = rendered.stream().mapToInt(r -> r.objects().size()).sum();
    assertThat(result.output()).contains(objects + " passed, 0 failed");
  }
}
