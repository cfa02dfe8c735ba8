package dev.scalingar.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken manifests fail, and the message names the object (Kind/name) and the field. */
class BrokenManifestTest {

  @Test
  void policyViolationsNameTheObjectAndTheField() {
    List<String> violations = FleetPolicy.check(Overlays.fixture("broken-policy").objects());
    System.out.println(
        "[k8s] the broken-policy fixture fails with:\n" + FleetPolicy.describe(violations));
    assertThat(violations)
        .contains(
            "Deployment/scalingar-worker-shapes-v1: spec.template.spec.terminationGracePeriodSeconds: 30 must be > the worker's drain period, SCALINGAR_DRAIN_SECONDS = 60",
            "Deployment/scalingar-gateway: spec.template.spec.containers[gateway].readinessProbe: missing",
            "Job/scalingar-bucket: spec.template.spec.containers[mc].securityContext.readOnlyRootFilesystem: must be true",
            "StatefulSet/minio: spec.template.spec.containers[minio].image: 'quay.io/minio/minio:latest' uses the tag latest: pin a version",
            "ScaledObject/scalingar-worker-shapes-v1: spec.triggers[0].metadata.consumerGroup: 'scalingar-worker' is not the worker's consumer group 'scalingar-workers-shapes-v1'",
            "ScaledObject/scalingar-worker-shapes-v1: spec.triggers[1].metadata.threshold: '66000'"
                + " must be slots × L = (SCALINGAR_ROW_CAPACITY 64 / 2) × 256 = 8192"
                + " trajectory-steps, every slot holding one whole image (L = 256, the shipped"
                + " models' 16 × 16 grid): the lag trigger's target in steps, so it never out-votes"
                + " the lag for jobs of N <= 8 and scales heavier jobs by their work",
            "KafkaTopic/scalingar.events.v1: metadata.name: missing (a topic of dev.scalingar.schemas.Topics)");
    assertThat(violations)
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith(
                        "ScaledObject/scalingar-worker-shapes-v1: spec.maxReplicaCount: 48 > 24 partitions of scalingar.jobs.shapes-v1.v1"));
    assertThat(violations)
        .contains(
            "Kafka/scalingar: spec.kafka.authorization.superUsers: must be empty: the KafkaUsers' ACLs are all a client may do",
            "Deployment/scalingar-gateway: spec.template.spec.containers[gateway].env[GATEWAY_REQUEST_MODELS]:"
                + " missing: set it to the models the fleets serve [shapes-v1, shapes-v2]",
            "Deployment/scalingar-worker-shapes-v1: spec.template.spec.containers[worker].env[KAFKA_CLIENT_SASL_MECHANISM]: must be SCRAM-SHA-512, was PLAIN",
            "Deployment/scalingar-gateway: spec.template.spec.volumes[tenants].secret.secretName: Secret scalingar-gateway is the"
                + " KafkaUser's, written by Strimzi: mount a Secret of another name");
    assertThat(violations)
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith(
                        "Deployment/scalingar-gateway: spec.template.spec.containers[gateway].env: the service would refuse this Kafka configuration:"
                            + " KAFKA_CLIENT_SASL_MECHANISMS names no Kafka client property"));
    assertThat(violations)
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith(
                        "KafkaTopic/scalingar.event.v1: metadata.name: 'scalingar.event.v1' is not a topic of dev.scalingar.schemas.Topics"));
  }

  @Test
  void fleetsThatDisagreeWithTheGatewayTheAclsOrEachOtherFail() {
    List<String> violations = FleetPolicy.check(Overlays.fixture("broken-fleets").objects());
    System.out.println(
        "[k8s] the broken-fleets fixture fails with:\n" + FleetPolicy.describe(violations));
    String gatewayModels =
        "Deployment/scalingar-gateway: spec.template.spec.containers[gateway].env[GATEWAY_REQUEST_MODELS]: ";
    assertThat(violations)
        .contains(
            gatewayModels
                + "accepts 'shapes-v3', which no worker fleet serves: its jobs would queue on"
                + " scalingar.jobs.shapes-v3.v1 with no one to read them (add a fleet, base/fleets/,"
                + " or drop the model)",
            gatewayModels
                + "[shapes-v1, shapes-v3] lacks 'shapes-v2', which Deployment/scalingar-worker-shapes-v2"
                + " serves: the gateway would answer 422 and that fleet never gets a job",
            "Deployment/scalingar-worker-shapes-v2: spec.template.spec.containers[worker].env.SCALINGAR_CONSUMER_GROUP:"
                + " 'scalingar-workers-shapes-v1' is also the consumer group of"
                + " Deployment/scalingar-worker-shapes-v1: one group per fleet (scalingar-workers-<model>),"
                + " so one fleet's scaling never rebalances another's",
            "ScaledObject/scalingar-worker-shapes-v2: spec.triggers[1].metadata.query: does not select"
                + " only model shapes-v2's series: every scalingar_pending_trajectory_steps{…} in it"
                + " needs scalingar_dev_model=\"shapes-v2\" (else the fleet scales on the other"
                + " fleets' work too)",
            "ScaledObject/scalingar-worker-shapes-v1: spec.scaleTargetRef.name: 'scalingar-worker-shapes-v9'"
                + " names no Deployment (a fleet's nameSuffix reaches it only through"
                + " base/worker/fleet/kustomizeconfig.yaml)",
            "ScaledObject/scalingar-worker-shapes-v1: spec.scaleTargetRef: no ScaledObject scales"
                + " Deployment/scalingar-worker-shapes-v1",
            "Deployment/scalingar-worker-shapes-v1: spec.template.metadata.labels.scalingar.dev/model:"
                + " 'shapes-v1-old' must be the fleet's model 'shapes-v1' (its selectors and its"
                + " prometheus trigger's scalingar_dev_model filter rely on it)",
            "PodDisruptionBudget/scalingar-worker-shapes-v1: spec.selector: missing: no"
                + " PodDisruptionBudget selects the pods of Deployment/scalingar-worker-shapes-v1",
            "KafkaUser/scalingar-keda: spec.authorization.acls[type=group]: no ACL allows Describe on"
                + " group 'scalingar-workers-shapes-v1', the consumer group of"
                + " Deployment/scalingar-worker-shapes-v1 (the fleets' groups are covered by the prefix"
                + " scalingar-workers-)",
            "PodMonitor/scalingar-worker: spec.podTargetLabels: must contain scalingar.dev/model: each"
                + " fleet's prometheus trigger selects its own series by scalingar_dev_model");
  }

  @Test
  void twoFleetsOfOneModelFail() {
    List<String> violations = FleetPolicy.check(Overlays.fixture("broken-fleet-overlap").objects());
    System.out.println(
        "[k8s] the broken-fleet-overlap fixture fails with:\n" + FleetPolicy.describe(violations));
    assertThat(violations)
        .contains(
            "Deployment/scalingar-worker-shapes-v1-copy: spec.template.spec.containers[worker].env.SCALINGAR_MODEL:"
                + " 'shapes-v1' is also served by Deployment/scalingar-worker-shapes-v1: one fleet per"
                + " model, or the two split its jobs topic and its backlog",
            "Deployment/scalingar-worker-shapes-v1: spec.selector: also selects the pods of"
                + " Deployment/scalingar-worker-shapes-v1-copy: add scalingar.dev/model to every"
                + " fleet's selector",
            "PodDisruptionBudget/scalingar-worker-shapes-v1: spec.selector: selects the pods of"
                + " Deployment/scalingar-worker-shapes-v1 and Deployment/scalingar-worker-shapes-v1-copy:"
                + " one budget per fleet (add scalingar.dev/model to its selector), or one fleet's drain"
                + " blocks the other's");
    // the copy's own group is covered by the prefix ACL, and shapes-v2 is untouched
    assertThat(violations).noneMatch(v -> v.contains("acls[type=group]"));
    assertThat(violations).noneMatch(v -> v.contains("shapes-v2"));
  }

  @Test
  void aLlamaGenFleetWithUnguardedWeightsFails() {
    List<String> violations = FleetPolicy.check(Overlays.fixture("broken-llamagen").objects());
    System.out.println(
        "[k8s] the broken-llamagen fixture fails with:\n" + FleetPolicy.describe(violations));
    // exactly these: the rest of prod-llamagen is untouched
    assertThat(violations)
        .containsExactlyInAnyOrder(
            "Deployment/scalingar-worker-llamagen-c2i-b: spec.template.spec.containers[worker].volumeMounts[weights].readOnly:"
                + " must be true: the fleet's pods only read the weights they serve",
            "PersistentVolumeClaim/llamagen-c2i-b-weights: spec.accessModes: [ReadWriteOnce] must include"
                + " ReadOnlyMany: every pod of Deployment/scalingar-worker-llamagen-c2i-b mounts it, on"
                + " whichever GPU node it runs (ReadWriteOnce holds the fleet to one node)",
            "Deployment/scalingar-worker-llamagen-c2i-b: spec.template.spec.initContainers: none runs"
                + " `sha256sum -c gpt.safetensors.sha256 vq.safetensors.sha256` in /models/llamagen-c2i-b"
                + " on a read-only mount of volume weights (to completion, not as a restartPolicy: Always"
                + " sidecar): a truncated or swapped weights file would reach the GPU, and the pod"
                + " readiness, unchecked");
  }

  @Test
  void schemaViolationsNameTheObjectAndTheField() throws Exception {
    Manifests.Result result = SchemaValidator.validate(List.of(Overlays.fixture("broken-schema")));
    List<String> failures = SchemaValidator.failures(result);
    System.out.println(
        "[k8s] the broken-schema fixture fails with:\n  " + String.join("\n  ", failures));
    assertThat(result.exit()).isEqualTo(1);
    assertThat(failures)
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith(
                        "FAIL fixture-broken-schema ScaledObject/scalingar-worker-shapes-v1: /spec/triggers/0/metadata/lagThreshold"));
    assertThat(failures)
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith(
                        "FAIL fixture-broken-schema Deployment/scalingar-gateway: /spec/replicas"));
    assertThat(failures)
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith(
                        "FAIL fixture-broken-schema KafkaTopic/scalingar.jobs.shapes-v1.v1: /spec/partitions"));
    assertThat(result.output()).contains("3 failed");
  }
}
