package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.k8s.Manifests.K8sObject;
import dev.scalingar.schemas.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fleet's rules hold in every overlay; a fleet per model; what makes dev dev and prod prod. */
class FleetPolicyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  void everyOverlayFollowsTheFleetPolicy(String overlay) {
    List<String> violations = FleetPolicy.check(Overlays.overlay(overlay).objects());
    assertThat(violations)
        .as("policy violations in overlays/%s:\n%s", overlay, FleetPolicy.describe(violations))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  void everyShippedModelHasItsOwnFleet(String overlay) {
    List<K8sObject> objects = Overlays.overlay(overlay).objects();
    for (String model : SHIPPED) {
      K8sObject d = get(objects, "Deployment", "scalingar-worker-" + model);
      assertThat(env(d, "SCALINGAR_MODEL")).isEqualTo(model);
      assertThat(env(d, "SCALINGAR_CONSUMER_GROUP")).isEqualTo("scalingar-workers-" + model);
      assertThat(d.at("spec.selector.matchLabels").path("scalingar.dev/model").asText())
          .isEqualTo(model);
      K8sObject scaled = get(objects, "ScaledObject", "scalingar-worker-" + model);
      assertThat(scaled.at("spec.scaleTargetRef.name").asText()).isEqualTo(d.name());
      assertThat(scaled.at("spec.triggers").get(0).path("metadata").path("topic").asText())
          .isEqualTo(Topics.jobs(model));
      get(objects, "KafkaTopic", Topics.jobs(model));
    }
    assertThat(
            get(objects, "ConfigMap", "scalingar-gateway")
                .at("data")
                .path("GATEWAY_REQUEST_MODELS")
                .asText())
        .isEqualTo(String.join(",", SHIPPED));
  }

  @Test
  void devIsSmallWorkersOnASingleNodeKafka() {
    List<K8sObject> dev = Overlays.overlay("dev").objects();
    // shapes-v1 always warm; shapes-v2 from zero (a dev box needs its second GPU only while it has
    // work); never more than one worker per fleet.
    K8sObject v1 = get(dev, "ScaledObject", "scalingar-worker-shapes-v1");
    assertThat(v1.at("spec.minReplicaCount").asInt()).isEqualTo(1);
    assertThat(v1.at("spec.maxReplicaCount").asInt()).isEqualTo(1);
    K8sObject v2 = get(dev, "ScaledObject", "scalingar-worker-shapes-v2");
    assertThat(v2.at("spec.minReplicaCount").asInt()).isZero();
    assertThat(v2.at("spec.maxReplicaCount").asInt()).isEqualTo(1);
    assertThat(get(dev, "KafkaNodePool", "dual").at("spec.replicas").asInt()).isEqualTo(1);
    assertThat(get(dev, "StatefulSet", "minio").at("spec.replicas").asInt()).isEqualTo(1);
    for (String model : SHIPPED) {
      K8sObject d = get(dev, "Deployment", "scalingar-worker-" + model);
      assertThat(gpu(d)).isEqualTo(1);
      assertThat(memoryLimit(d))
          .as("%s: the dev overlay's small GPU worker", d.id())
          .isEqualTo("12Gi");
    }
  }

  @Test
  void prodIsReplicatedKafkaWithMinInsync2AndFleetsFromZero() {
    List<K8sObject> prod = Overlays.overlay("prod").objects();
    JsonNode config = get(prod, "Kafka", "scalingar").at("spec.kafka.config");
    assertThat(config.path("min.insync.replicas").asInt())
        .as("Kafka/scalingar: spec.kafka.config.min.insync.replicas")
        .isEqualTo(2);
    assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
    assertThat(get(prod, "KafkaNodePool", "dual").at("spec.replicas").asInt())
        .isGreaterThanOrEqualTo(3);
    for (String topic : Topics.all(SHIPPED)) {
      assertThat(get(prod, "KafkaTopic", topic).at("spec.replicas").asInt())
          .as("KafkaTopic/%s: spec.replicas", topic)
          .isEqualTo(3);
    }
    for (String model : SHIPPED) {
      K8sObject scaled = get(prod, "ScaledObject", "scalingar-worker-" + model);
      assertThat(scaled.at("spec.minReplicaCount").asInt()).isZero();
      assertThat(scaled.at("spec.maxReplicaCount").asInt()).isEqualTo(24);
      assertThat(
              env(get(prod, "Deployment", "scalingar-worker-" + model), "SCALINGAR_ROW_CAPACITY"))
          .isEqualTo("256");
    }
  }

  /** The models the manifests serve, one fleet each. */
  static final List<String> SHIPPED = List.of("shapes-v1", "shapes-v2");

  static String env(K8sObject worker, String name) {
    for (JsonNode e : worker.at("spec.template.spec.containers").get(0).path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError(worker.id() + ": env " + name + ": missing");
  }

  static String memoryLimit(K8sObject worker) {
    return worker
        .at("spec.template.spec.containers")
        .get(0)
        .path("resources")
        .path("limits")
        .path("memory")
        .asText();
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
