package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.k8s.Manifests.K8sObject;
import dev.scalingar.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders with kubectl kustomize and holds every component, a fleet per model. */
class OverlaysRenderTest {

  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

  /** A new overlay is rendered and checked only once Overlays knows it (and what it serves). */
  @Test
  void everyOverlayFolderIsRenderedAndChecked() throws IOException {
    Set<String> folders;
    try (Stream<Path> dirs = Files.list(Manifests.k8sDir().resolve("overlays"))) {
      folders =
          dirs.filter(Files::isDirectory)
              .map(d -> d.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(folders)
        .as(
            "k8s/overlays/* must equal Overlays.MODELS' keys (add a new overlay there, with its models)")
        .isEqualTo(new TreeSet<>(Overlays.NAMES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scalingar.k8s.Overlays#names")
  void rendersEveryComponent(String overlay) {
    List<K8sObject> objects = Overlays.overlay(overlay).objects();
    Set<String> ids = objects.stream().map(K8sObject::id).collect(Collectors.toSet());
    assertThat(ids)
        .contains(
            "Namespace/scalingar",
            "Deployment/scalingar-gateway",
            "Service/scalingar-gateway",
            "HorizontalPodAutoscaler/scalingar-gateway",
            "PodDisruptionBudget/scalingar-gateway",
            "Deployment/scalingar-gateway-webhooks",
            "Deployment/scalingar-worker-shapes-v1",
            "PodDisruptionBudget/scalingar-worker-shapes-v1",
            "ScaledObject/scalingar-worker-shapes-v1",
            "Deployment/scalingar-worker-shapes-v2",
            "PodDisruptionBudget/scalingar-worker-shapes-v2",
            "ScaledObject/scalingar-worker-shapes-v2",
            "ServiceAccount/scalingar-worker",
            "PodMonitor/scalingar-worker",
            "TriggerAuthentication/scalingar-keda-kafka",
            "Kafka/scalingar",
            "KafkaNodePool/dual",
            "KafkaTopic/scalingar.jobs.shapes-v1.v1",
            "KafkaTopic/scalingar.jobs.shapes-v2.v1",
            "KafkaUser/scalingar-gateway",
            "KafkaUser/scalingar-worker",
            "KafkaUser/scalingar-keda",
            "StatefulSet/minio",
            "Service/minio",
            "Job/scalingar-bucket",
            "NetworkPolicy/default-deny");
    // a fleet and a jobs topic per model the overlay serves
    for (String model : Overlays.MODELS.get(overlay)) {
      assertThat(ids)
          .contains(
              "Deployment/scalingar-worker-" + model,
              "PodDisruptionBudget/scalingar-worker-" + model,
              "ScaledObject/scalingar-worker-" + model,
              "KafkaTopic/" + Topics.jobs(model));
    }
    // The single-fleet names are gone: one worker Deployment, PDB and ScaledObject per model.
    assertThat(ids)
        .doesNotContain(
            "Deployment/scalingar-worker",
            "PodDisruptionBudget/scalingar-worker",
            "ScaledObject/scalingar-worker");
    for (K8sObject o : objects) {
      if (!CLUSTER_SCOPED.contains(o.kind())) {
        assertThat(o.node().path("metadata").path("namespace").asText())
            .as("%s: metadata.namespace", o.id())
            .isEqualTo("scalingar");
      }
    }
  }
}
