package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.k8s.Manifests.K8sObject;
import dev.scalingar.schemas.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fleet's rules hold in every overlay; and what makes dev dev and prod prod. */
class FleetPolicyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  void everyOverlayFollowsTheFleetPolicy(String overlay) {
    List<String> violations = FleetPolicy.check(Overlays.overlay(overlay).objects());
    assertThat(violations)
        .as("policy violations in overlays/%s:\n%s", overlay, FleetPolicy.describe(violations))
        .isEmpty();
  }

  @Test
  void devIsOneSmallWorkerOnASingleNodeKafka() {
    List<K8sObject> dev = Overlays.overlay("dev").objects();
    K8sObject scaled = get(dev, "ScaledObject", "scalingar-worker");
    assertThat(scaled.at("spec.minReplicaCount").asInt()).isEqualTo(1);
    assertThat(scaled.at("spec.maxReplicaCount").asInt()).isEqualTo(1);
    assertThat(get(dev, "KafkaNodePool", "dual").at("spec.replicas").asInt()).isEqualTo(1);
    assertThat(get(dev, "StatefulSet", "minio").at("spec.replicas").asInt()).isEqualTo(1);
    assertThat(gpu(get(dev, "Deployment", "scalingar-worker"))).isEqualTo(1);
  }

  @Test
  void prodIsReplicatedKafkaWithMinInsync2AndAFleetFromZero() {
    List<K8sObject> prod = Overlays.overlay("prod").objects();
    JsonNode config = get(prod, "Kafka", "scalingar").at("spec.kafka.config");
    assertThat(config.path("min.insync.replicas").asInt())
        .as("Kafka/scalingar: spec.kafka.config.min.insync.replicas")
        .isEqualTo(2);
    assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
    assertThat(get(prod, "KafkaNodePool", "dual").at("spec.replicas").asInt())
        .isGreaterThanOrEqualTo(3);
    for (String topic : Topics.all(List.of("shapes-v1"))) {
      assertThat(get(prod, "KafkaTopic", topic).at("spec.replicas").asInt())
          .as("KafkaTopic/%s: spec.replicas", topic)
          .isEqualTo(3);
    }
    K8sObject scaled = get(prod, "ScaledObject", "scalingar-worker");
    assertThat(scaled.at("spec.minReplicaCount").asInt()).isZero();
    assertThat(scaled.at("spec.maxReplicaCount").asInt()).isGreaterThan(1);
  }

  static K8sObject get(List<K8sObject> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.kind().equals(kind) && o.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + ": missing"));
  }

  static int gpu(K8sObject worker) {
    return worker
        .at("spec.template.spec.containers")
        .get(0)
        .path("resources")
        .path("limits")
        .path("nvidia.com/gpu")
        .asInt();
  }
}
