package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.k8s.Manifests.K8sObject;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.schemas.Topics;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fleet's rules hold in every overlay; a fleet per model; what makes dev dev and prod prod; the
 * opt-in LlamaGen fleet only where it is included, and what it needs.
 */
class FleetPolicyTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scalingar.k8s.Overlays#names")
  void everyOverlayFollowsTheFleetPolicy(String overlay) {
    List<String> violations = FleetPolicy.check(Overlays.overlay(overlay).objects());
    assertThat(violations)
        .as("policy violations in overlays/%s:\n%s", overlay, FleetPolicy.describe(violations))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scalingar.k8s.Overlays#names")
  void everyServedModelHasItsOwnFleet(String overlay) {
    List<K8sObject> objects = Overlays.overlay(overlay).objects();
    List<String> served = Overlays.MODELS.get(overlay);
    assertThat(served).containsAll(SHIPPED);
    for (String model : served) {
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
        .isEqualTo(String.join(",", served));
  }

  /**
   * Opt-in: an overlay that does not include components/llamagen-c2i-b has no LlamaGen fleet, topic
   * or claim (its pods could never become ready without the weights, so its jobs would queue).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scalingar.k8s.Overlays#names")
  void theLlamaGenFleetIsOnlyWhereItIsIncluded(String overlay) {
    List<K8sObject> objects = Overlays.overlay(overlay).objects();
    boolean included = Overlays.MODELS.get(overlay).contains(Overlays.LLAMAGEN);
    List<String> llamagen =
        objects.stream()
            .filter(o -> o.id().contains(Overlays.LLAMAGEN))
            .map(K8sObject::id)
            .sorted()
            .toList();
    if (included) {
      assertThat(llamagen).containsExactlyElementsOf(LLAMAGEN_OBJECTS);
    } else {
      assertThat(llamagen)
          .as("overlays/%s must not get the opt-in LlamaGen fleet", overlay)
          .isEmpty();
      assertThat(objects).noneMatch(o -> o.kind().equals("PersistentVolumeClaim"));
    }
  }

  /** What components/llamagen-c2i-b adds, besides the gateway's extended model list. */
  static final List<String> LLAMAGEN_OBJECTS =
      List.of(
          "Deployment/scalingar-worker-llamagen-c2i-b",
          "KafkaTopic/scalingar.jobs.llamagen-c2i-b.v1",
          "PersistentVolumeClaim/llamagen-c2i-b-weights",
          "PodDisruptionBudget/scalingar-worker-llamagen-c2i-b",
          "ScaledObject/scalingar-worker-llamagen-c2i-b");

  /**
   * prod-llamagen is prod, unchanged, plus the component's objects and the gateway's list with
   * llamagen-c2i-b added: enabling the fleet touches nothing else.
   */
  @Test
  void prodLlamagenIsProdPlusTheLlamaGenFleet() {
    List<K8sObject> prod = Overlays.overlay("prod").objects();
    List<K8sObject> withFleet = Overlays.overlay("prod-llamagen").objects();
    Map<String, JsonNode> before = byId(prod);
    Map<String, JsonNode> after = byId(withFleet);
    Set<String> added = new TreeSet<>(after.keySet());
    added.removeAll(before.keySet());
    assertThat(added).containsExactlyElementsOf(LLAMAGEN_OBJECTS);
    assertThat(after.keySet()).containsAll(before.keySet());
    for (String id : before.keySet()) {
      JsonNode expected = before.get(id);
      if (id.equals("ConfigMap/scalingar-gateway")) {
        expected = expected.deepCopy();
        ((ObjectNode) expected.path("data"))
            .put("GATEWAY_REQUEST_MODELS", "shapes-v1,shapes-v2,llamagen-c2i-b");
      }
      assertThat(after.get(id)).as("%s in prod-llamagen vs prod", id).isEqualTo(expected);
    }
    // what prod gives every object, the component's get too (the overlay re-applies it)
    for (String id : LLAMAGEN_OBJECTS) {
      assertThat(
              after
                  .get(id)
                  .path("metadata")
                  .path("labels")
                  .path("scalingar.dev/environment")
                  .asText())
          .as("%s: metadata.labels.scalingar.dev/environment", id)
          .isEqualTo("prod");
    }
    assertThat(
            get(withFleet, "KafkaTopic", "scalingar.jobs.llamagen-c2i-b.v1")
                .at("spec.replicas")
                .asInt())
        .isEqualTo(3);
  }

  /**
   * The LlamaGen GPT-B fleet: the worker image base pins, weights read-only from the ReadOnlyMany
   * claim, both files checked by sha256sum before the worker starts, GPT-B's memory, thresholds for
   * 256 rows (k8s/README.md "A LlamaGen worker").
   */
  @Test
  void theLlamaGenFleetServesVerifiedWeightsFromItsClaim() {
    List<K8sObject> objects = Overlays.overlay("prod-llamagen").objects();
    K8sObject d = get(objects, "Deployment", "scalingar-worker-llamagen-c2i-b");
    JsonNode pod = d.at("spec.template.spec");
    JsonNode worker = pod.path("containers").get(0);
    assertThat(worker.path("name").asText()).isEqualTo("worker");
    String image =
        get(objects, "Deployment", "scalingar-worker-shapes-v1")
            .at("spec.template.spec.containers")
            .get(0)
            .path("image")
            .asText();
    assertThat(image).isEqualTo("ghcr.io/scalingar/worker:0.1.0-cu128");
    assertThat(worker.path("image").asText()).isEqualTo(image);
    assertThat(env(d, "SCALINGAR_MODEL_WEIGHTS")).isEqualTo("/models/llamagen-c2i-b");
    assertThat(env(d, "SCALINGAR_ROW_CAPACITY")).isEqualTo("256");
    assertThat(mount(worker, "weights").path("mountPath").asText())
        .isEqualTo("/models/llamagen-c2i-b");
    assertThat(mount(worker, "weights").path("readOnly").asBoolean()).isTrue();
    JsonNode volume = pod.path("volumes").get(0);
    assertThat(volume.path("name").asText()).isEqualTo("weights");
    assertThat(volume.path("persistentVolumeClaim").path("claimName").asText())
        .isEqualTo("llamagen-c2i-b-weights");
    assertThat(volume.path("persistentVolumeClaim").path("readOnly").asBoolean()).isTrue();
    K8sObject pvc = get(objects, "PersistentVolumeClaim", "llamagen-c2i-b-weights");
    assertThat(pvc.at("spec.accessModes").toString()).isEqualTo("[\"ReadOnlyMany\"]");
    assertThat(pvc.at("spec.resources.requests.storage").asText()).isEqualTo("1Gi");

    assertThat(pod.path("initContainers")).hasSize(1);
    JsonNode init = pod.path("initContainers").get(0);
    assertThat(init.path("name").asText()).isEqualTo("verify-weights");
    assertThat(init.path("image").asText()).isEqualTo(image);
    assertThat(init.path("workingDir").asText()).isEqualTo("/models/llamagen-c2i-b");
    assertThat(init.path("command").toString())
        .isEqualTo(
            "[\"sha256sum\",\"--check\",\"--strict\",\"gpt.safetensors.sha256\",\"vq.safetensors.sha256\"]");
    assertThat(mount(init, "weights").path("readOnly").asBoolean()).isTrue();
    assertThat(init.path("resources").path("limits").path("memory").asText()).isEqualTo("128Mi");
    assertThat(init.path("resources").path("limits").path("cpu").asText()).isEqualTo("1");
    assertThat(init.path("resources").path("limits").has("nvidia.com/gpu")).isFalse();

    // GPT-B (README's table): host memory request = limit, one GPU with > 13,000 MiB
    JsonNode resources = worker.path("resources");
    assertThat(resources.path("requests").path("memory").asText()).isEqualTo("6Gi");
    assertThat(resources.path("limits").path("memory").asText()).isEqualTo("6Gi");
    assertThat(gpu(d)).isEqualTo(1);
    JsonNode gpuMemory =
        pod.at(
            "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0");
    assertThat(gpuMemory.path("key").asText()).isEqualTo("nvidia.com/gpu.memory");
    assertThat(gpuMemory.path("operator").asText()).isEqualTo("Gt");
    assertThat(gpuMemory.path("values").get(0).asText()).isEqualTo("13000");

    // 256 rows: lagThreshold 128 / 8 = 16, threshold 128 x 256 = 32768 (VQ-16 at 256 px); 0..8
    // workers
    K8sObject scaled = get(objects, "ScaledObject", "scalingar-worker-llamagen-c2i-b");
    assertThat(scaled.at("spec.triggers").get(0).path("metadata").path("lagThreshold").asText())
        .isEqualTo("16");
    assertThat(scaled.at("spec.triggers").get(1).path("metadata").path("threshold").asText())
        .isEqualTo("32768");
    assertThat(scaled.at("spec.minReplicaCount").asInt()).isZero();
    assertThat(scaled.at("spec.maxReplicaCount").asInt()).isEqualTo(8);
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
      // the base's 64 rows: lagThreshold 32 / 8 = 4, threshold 32 x 256 = 8192
      assertThat(triggerMetadata(get(dev, "ScaledObject", d.name()), 1, "threshold"))
          .isEqualTo("8192");
      assertThat(gpu(d)).isEqualTo(1);
      assertThat(memoryLimit(d))
          .as("%s: the dev overlay's small GPU worker", d.id())
          .isEqualTo("12Gi");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prod", "prod-llamagen"})
  void prodIsReplicatedKafkaWithMinInsync2AndFleetsFromZero(String overlay) {
    List<K8sObject> prod = Overlays.overlay(overlay).objects();
    JsonNode config = get(prod, "Kafka", "scalingar").at("spec.kafka.config");
    assertThat(config.path("min.insync.replicas").asInt())
        .as("Kafka/scalingar: spec.kafka.config.min.insync.replicas")
        .isEqualTo(2);
    assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
    assertThat(get(prod, "KafkaNodePool", "dual").at("spec.replicas").asInt())
        .isGreaterThanOrEqualTo(3);
    for (String topic : Topics.all(Overlays.MODELS.get(overlay))) {
      assertThat(get(prod, "KafkaTopic", topic).at("spec.replicas").asInt())
          .as("KafkaTopic/%s: spec.replicas", topic)
          .isEqualTo(3);
    }
    for (String model : SHIPPED) {
      K8sObject scaled = get(prod, "ScaledObject", "scalingar-worker-" + model);
      assertThat(scaled.at("spec.minReplicaCount").asInt()).isZero();
      assertThat(scaled.at("spec.maxReplicaCount").asInt()).isEqualTo(24);
      // 256 rows: lagThreshold 128 / 8 = 16, threshold 128 x 256 = 32768
      assertThat(triggerMetadata(scaled, 0, "lagThreshold")).isEqualTo("16");
      assertThat(triggerMetadata(scaled, 1, "threshold")).isEqualTo("32768");
      assertThat(
              env(get(prod, "Deployment", "scalingar-worker-" + model), "SCALINGAR_ROW_CAPACITY"))
          .isEqualTo("256");
    }
  }

  /**
   * FleetPolicy's L (the steps trigger's threshold is slots × L) is the shipped models' grid:
   * shapes-v1 and shapes-v2 (the shipped tokenizer) and LlamaGen c2i at 256 px (VQ-16), whose GPT-B
   * the component serves.
   */
  @Test
  void theStepsThresholdsImageIsTheShippedModelsGrid() {
    assertThat(ImageTokenizer.shipped().tokenCount()).isEqualTo(FleetPolicy.IMAGE_TOKENS);
    assertThat(ModelArgs.llamaGen("GPT-B").blockSize()).isEqualTo(FleetPolicy.IMAGE_TOKENS);
  }

  static String triggerMetadata(K8sObject scaled, int trigger, String field) {
    return scaled.at("spec.triggers").get(trigger).path("metadata").path(field).asText();
  }

  /** The models every overlay serves, one fleet each. */
  static final List<String> SHIPPED = Overlays.SHAPES;

  static String env(K8sObject worker, String name) {
    for (JsonNode e : worker.at("spec.template.spec.containers").get(0).path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError(worker.id() + ": env " + name + ": missing");
  }

  static JsonNode mount(JsonNode container, String volume) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("name").asText().equals(volume)) {
        return m;
      }
    }
    throw new AssertionError(
        container.path("name").asText() + ": volumeMounts " + volume + ": missing");
  }

  static Map<String, JsonNode> byId(List<K8sObject> objects) {
    Map<String, JsonNode> out = new TreeMap<>();
    objects.forEach(o -> out.put(o.id(), o.node()));
    return out;
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
