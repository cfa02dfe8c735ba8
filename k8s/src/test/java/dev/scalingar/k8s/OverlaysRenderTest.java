package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.k8s.Manifests.K8sObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders with kubectl kustomize and holds every component, a fleet per model. */
class OverlaysRenderTest {

  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
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
