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
            "Deployment/scalingar-worker: spec.template.spec.terminationGracePeriodSeconds: 30 must be > the worker's drain period, SCALINGAR_DRAIN_SECONDS = 60",
            "Deployment/scalingar-gateway: spec.template.spec.containers[gateway].readinessProbe: missing",
            "Job/scalingar-bucket: spec.template.spec.containers[mc].securityContext.readOnlyRootFilesystem: must be true",
            "StatefulSet/minio: spec.template.spec.containers[minio].image: 'quay.io/minio/minio:latest' uses the tag latest: pin a version",
            "ScaledObject/scalingar-worker: spec.triggers[0].metadata.consumerGroup: 'scalingar-worker' is not the worker's consumer group 'scalingar-workers'",
            "KafkaTopic/scalingar.events.v1: metadata.name: missing (a topic of dev.scalingar.schemas.Topics)");
    assertThat(violations)
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith(
                        "ScaledObject/scalingar-worker: spec.maxReplicaCount: 48 > 24 partitions of scalingar.jobs.shapes-v1.v1"));
    assertThat(violations)
        .contains(
            "Kafka/scalingar: spec.kafka.authorization.superUsers: must be empty: the KafkaUsers' ACLs are all a client may do",
            "Deployment/scalingar-worker: spec.template.spec.containers[worker].env[KAFKA_CLIENT_SASL_MECHANISM]: must be SCRAM-SHA-512, was PLAIN",
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
                        "FAIL fixture-broken-schema ScaledObject/scalingar-worker: /spec/triggers/0/metadata/lagThreshold"));
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
