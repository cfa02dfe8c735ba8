package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.k8s.Manifests.K8sObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * FleetPolicy's weights-volume rules for a LlamaGen fleet, one change at a time to the rendered
 * prod-llamagen fleet: which ways of checking the weights pass, and which fail with what.
 */
class WeightsVolumeRuleTest {

  static final String FLEET = "Deployment/scalingar-worker-llamagen-c2i-b";
  static final String INIT = FLEET + ": spec.template.spec.initContainers: none runs `sha256sum -c";

  @Test
  void theShippedFleetPasses() {
    assertThat(violations(pod -> {})).isEmpty();
  }

  @Test
  void aShellThatChangesToTheWeightsDirectoryPasses() {
    assertThat(
            violations(
                pod -> {
                  ObjectNode init = init(pod);
                  init.remove("workingDir");
                  init.set(
                      "command",
                      strings(
                          "/bin/sh",
                          "-c",
                          "cd /models/llamagen-c2i-b && sha256sum -c gpt.safetensors.sha256"
                              + " vq.safetensors.sha256"));
                }))
        .isEmpty();
  }

  @Test
  void aCheckOutsideTheWeightsDirectoryFails() {
    // the sidecars name the files relative to the working directory: from / they are not found
    assertThat(violations(pod -> init(pod).remove("workingDir"))).anyMatch(v -> v.startsWith(INIT));
  }

  @Test
  void aSidecarDoesNotGateTheWorker() {
    assertThat(violations(pod -> init(pod).put("restartPolicy", "Always")))
        .anyMatch(v -> v.startsWith(INIT));
  }

  @Test
  void aWritableMountInTheInitContainerFails() {
    assertThat(
            violations(
                pod -> ((ObjectNode) init(pod).path("volumeMounts").get(0)).remove("readOnly")))
        .anyMatch(v -> v.startsWith(INIT));
  }

  @Test
  void noInitContainerFails() {
    assertThat(violations(pod -> pod.remove("initContainers")))
        .containsExactly(
            INIT
                + " gpt.safetensors.sha256 vq.safetensors.sha256` in /models/llamagen-c2i-b on a"
                + " read-only mount of volume weights (to completion, not as a restartPolicy: Always"
                + " sidecar): a truncated or swapped weights file would reach the GPU, and the pod"
                + " readiness, unchecked");
  }

  @Test
  void weightsFromAnEmptyDirFail() {
    assertThat(
            violations(
                pod -> {
                  ObjectNode weights = (ObjectNode) pod.path("volumes").get(0);
                  weights.remove("persistentVolumeClaim");
                  weights.putObject("emptyDir");
                }))
        .containsExactly(
            FLEET
                + ": spec.template.spec.volumes[weights].emptyDir: starts empty: mount the volume"
                + " that holds the converted weights");
  }

  @Test
  void aClaimThatIsNotInTheManifestsFails() {
    assertThat(
            violations(
                pod ->
                    ((ObjectNode) pod.path("volumes").get(0).path("persistentVolumeClaim"))
                        .put("claimName", "llamagen-c2i-b-weigths")))
        .containsExactly(
            FLEET
                + ": spec.template.spec.volumes[weights].persistentVolumeClaim.claimName:"
                + " 'llamagen-c2i-b-weigths' names no PersistentVolumeClaim: the fleet's pods would"
                + " stay Pending");
  }

  @Test
  void weightsOutsideEveryMountFail() {
    assertThat(violations(pod -> setEnv(pod, "SCALINGAR_MODEL_WEIGHTS", "/opt/llamagen-c2i-b")))
        .containsExactly(
            FLEET
                + ": spec.template.spec.containers[worker].volumeMounts: no volume is mounted at"
                + " SCALINGAR_MODEL_WEIGHTS '/opt/llamagen-c2i-b': a LlamaGen model's weights come"
                + " from a volume, never from the image");
  }

  @Test
  void noWeightsFail() {
    assertThat(
            violations(
                pod -> {
                  ArrayNode env = (ArrayNode) pod.path("containers").get(0).path("env");
                  for (int i = 0; i < env.size(); i++) {
                    if (env.get(i).path("name").asText().equals("SCALINGAR_MODEL_WEIGHTS")) {
                      env.remove(i);
                    }
                  }
                }))
        .containsExactly(
            FLEET
                + ": spec.template.spec.containers[worker].env.SCALINGAR_MODEL_WEIGHTS: missing:"
                + " llamagen-c2i-b has no shipped weights; name the folder ./scalingar convert"
                + " llamagen wrote, on a read-only volume");
  }

  /** The policy's findings on prod-llamagen after {@code change} to the fleet's pod spec. */
  private static List<String> violations(Consumer<ObjectNode> change) {
    List<K8sObject> objects = new ArrayList<>();
    for (K8sObject o : Overlays.overlay("prod-llamagen").objects()) {
      if (o.id().equals(FLEET)) {
        JsonNode copy = o.node().deepCopy();
        change.accept((ObjectNode) copy.path("spec").path("template").path("spec"));
        objects.add(new K8sObject(o.kind(), o.name(), copy));
      } else {
        objects.add(o);
      }
    }
    return FleetPolicy.check(objects);
  }

  private static ObjectNode init(ObjectNode pod) {
    return (ObjectNode) pod.path("initContainers").get(0);
  }

  private static void setEnv(ObjectNode pod, String name, String value) {
    for (JsonNode e : pod.path("containers").get(0).path("env")) {
      if (e.path("name").asText().equals(name)) {
        ((ObjectNode) e).put("value", value);
      }
    }
  }

  private static ArrayNode strings(String... values) {
    ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }
}
