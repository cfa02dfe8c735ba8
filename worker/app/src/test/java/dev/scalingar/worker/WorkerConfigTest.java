package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.engine.Admission;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.worker.results.StorageSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaultsRunAgainstTheEmbeddedStackOnPlaintext() {
    WorkerConfig c = WorkerConfig.from(Map.of("SCALINGAR_WORKER_ID", "w"));
    assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(c.kafka().clientProperties()).isEmpty();
    assertThat(c.decodeGroups()).isEqualTo(DecodeGroups.CPU);
  }

  @Test
  void samplerThreadsFollowTheDeviceUnlessSet() {
    assertThat(WorkerConfig.from(Map.of()).engine().samplerThreads()).isEqualTo(1);
    assertThat(WorkerConfig.from(Map.of("SCALINGAR_DEVICE", "gpu")).engine().samplerThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(
            WorkerConfig.from(Map.of("SCALINGAR_SAMPLER_THREADS", "4")).engine().samplerThreads())
        .isEqualTo(4);
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_SAMPLER_THREADS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SCALINGAR_SAMPLER_THREADS");
  }

  @Test
  void decodeGroupsFollowTheDeviceUnlessSet() {
    assertThat(WorkerConfig.from(Map.of("SCALINGAR_DEVICE", "gpu")).decodeGroups())
        .isEqualTo(DecodeGroups.SINGLE_CALL);
    assertThat(
            WorkerConfig.from(
                    Map.of("SCALINGAR_DEVICE", "gpu", "SCALINGAR_DECODE_GROUPS", "fitted"))
                .decodeGroups())
        .isEqualTo(DecodeGroups.CPU);
    assertThat(WorkerConfig.from(Map.of("SCALINGAR_DECODE_GROUPS", "250,10")).decodeGroups())
        .isEqualTo(new DecodeGroups(250, 10));
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_DECODE_GROUPS", "paged")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SCALINGAR_DECODE_GROUPS: 'paged' is not");
  }

  @Test
  void measureStartsFromTheDevicesPlannerAndAsksForTheFit() {
    WorkerConfig cpu = WorkerConfig.from(Map.of("SCALINGAR_DECODE_GROUPS", "measure"));
    assertThat(cpu.measureDecodeGroups()).isTrue();
    assertThat(cpu.decodeGroups()).isEqualTo(DecodeGroups.CPU);
    assertThat(WorkerConfig.from(Map.of()).measureDecodeGroups()).isFalse();
    assertThat(
            WorkerConfig.from(
                    Map.of("SCALINGAR_DEVICE", "gpu", "SCALINGAR_DECODE_GROUPS", "measure"))
                .decodeGroups())
        .isEqualTo(DecodeGroups.SINGLE_CALL);
  }

  /** With measure, the loaded model plans by a line fitted here, not by the shipped constants. */
  @Test
  void aMeasuredPlannerIsFittedWhenTheModelLoads() {
    WorkerConfig c =
        WorkerConfig.from(
            Map.of("SCALINGAR_DECODE_GROUPS", "measure", "SCALINGAR_ROW_CAPACITY", "16"));
    try (ImageModel model = WorkerMain.loadModel(c, "shapes-v2")) {
      DecodeGroups fitted = ((TransformerImageModel) model).decodeGroups();
      assertThat(fitted).isNotEqualTo(DecodeGroups.CPU).isNotEqualTo(DecodeGroups.SINGLE_CALL);
      assertThat(fitted.callOverhead()).isFinite().isNotNegative();
      assertThat(model.stepCost()).isNotNull();
    }
  }

  @Test
  void kafkaClientVariablesAreReadAndCheckedAtStart() {
    WorkerConfig c =
        WorkerConfig.from(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k:9093", "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(c.kafka().clientConfig())
        .containsEntry("bootstrap.servers", "k:9093")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("KAFKA_CLIENT_SASL_MECHANISMS", "PLAIN")))
        .hasMessageContaining("KAFKA_CLIENT_SASL_MECHANISMS");
  }

  @Test
  void oneOrSeveralModelsWithTheirWeights() {
    WorkerConfig one = WorkerConfig.from(Map.of("SCALINGAR_MODEL_WEIGHTS", "w/v1.safetensors"));
    assertThat(one.models()).containsExactly("shapes-v2");
    assertThat(one.weightsOf("shapes-v2")).contains("w/v1.safetensors");
    WorkerConfig two =
        WorkerConfig.from(
            Map.of(
                "SCALINGAR_MODEL",
                "shapes-v2, shapes-v1",
                "SCALINGAR_MODEL_WEIGHTS",
                "shapes-v2=w/v2.safetensors"));
    assertThat(two.models()).containsExactly("shapes-v2", "shapes-v1");
    assertThat(two.weightsOf("shapes-v2")).contains("w/v2.safetensors");
    assertThat(two.weightsOf("shapes-v1")).isEmpty();
    assertThatThrownBy(
            () ->
                WorkerConfig.from(
                    Map.of(
                        "SCALINGAR_MODEL",
                        "shapes-v1,shapes-v2",
                        "SCALINGAR_MODEL_WEIGHTS",
                        "w.safetensors")))
        .hasMessageContaining("model=FILE pairs");
    assertThatThrownBy(
            () -> WorkerConfig.from(Map.of("SCALINGAR_MODEL_WEIGHTS", "shapes-v3=w.safetensors")))
        .hasMessageContaining("shapes-v3, which SCALINGAR_MODEL does not serve");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_MODEL", "shapes-v1,shapes-v1")))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_MODEL", "Shapes V1")))
        .hasMessageContaining("SCALINGAR_MODEL");
    assertThatThrownBy(
            () ->
                WorkerConfig.from(
                    Map.of(
                        "SCALINGAR_MODEL",
                        "shapes-v1,shapes-v2",
                        "SCALINGAR_CALIBRATION",
                        "c.json")))
        .hasMessageContaining("one model");
  }

  @Test
  void everySettingReachesItsConsumer() {
    WorkerConfig c =
        WorkerConfig.from(
            Map.ofEntries(
                Map.entry("S3_ENDPOINT", "http://s3.local:9000"),
                Map.entry("S3_ACCESS_KEY", "ak"),
                Map.entry("S3_SECRET_KEY", "sk"),
                Map.entry("S3_REGION", "eu-west-3"),
                Map.entry("S3_BUCKET", "images"),
                Map.entry("S3_URL_EXPIRY_HOURS", "2"),
                Map.entry("S3_RETRY_DEADLINE_SECONDS", "90"),
                Map.entry("S3_BACKOFF_MS", "40"),
                Map.entry("SCALINGAR_MAX_ATTEMPTS", "5"),
                Map.entry("SCALINGAR_ARTIFACT_THREADS", "3"),
                Map.entry("SCALINGAR_ARTIFACT_QUEUE", "4"),
                Map.entry("SCALINGAR_ADMISSION", "static"),
                Map.entry("SCALINGAR_AGING_STEPS", "7"),
                Map.entry("SCALINGAR_PROGRESS_EVERY", "4"),
                Map.entry("SCALINGAR_COHORT_WAIT_STEPS", "5"),
                Map.entry("SCALINGAR_COMPACT_ROWS", "false"),
                Map.entry("SCALINGAR_ROW_CAPACITY", "32"),
                Map.entry("SCALINGAR_DRAIN_SECONDS", "11"),
                Map.entry("SCALINGAR_HTTP_PORT", "0")));
    assertThat(c.storage())
        .isEqualTo(
            new StorageSettings(
                "http://s3.local:9000",
                "ak",
                "sk",
                "eu-west-3",
                "images",
                Duration.ofHours(2),
                Duration.ofSeconds(90),
                Duration.ofMillis(40)));
    assertThat(c.maxAttempts()).isEqualTo(5);
    assertThat(c.artifacts()).isEqualTo(new ArtifactSettings(3, 4));
    assertThat(c.engine()).isEqualTo(new EngineOptions(Admission.STATIC, 7, 4, 5, false, 1));
    assertThat(c.rowCapacity()).isEqualTo(32);
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(11));
    // The defaults, as documented.
    WorkerConfig d = WorkerConfig.from(Map.of());
    assertThat(d.storage())
        .isEqualTo(
            new StorageSettings(
                "http://127.0.0.1:19000",
                "minioadmin",
                "minioadmin",
                "us-east-1",
                "scalingar",
                Duration.ofHours(24),
                Duration.ofSeconds(180),
                Duration.ofMillis(250)));
    assertThat(d.storage().retryDeadline())
        .as("an S3 outage of two minutes delays jobs")
        .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(d.maxAttempts()).isEqualTo(3);
    assertThat(d.artifacts()).isEqualTo(new ArtifactSettings(2, 8));
    assertThat(d.engine()).isEqualTo(EngineOptions.defaults());
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_ADMISSION", "eager")))
        .hasMessageContaining("refill or static");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("S3_RETRY_DEADLINE_SECONDS", "soon")))
        .hasMessageStartingWith("S3_RETRY_DEADLINE_SECONDS must be");
    // the count it replaces gave up within seconds whatever its value: a deployment that sets it is
    // told what to set
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("S3_MAX_ATTEMPTS", "6")))
        .hasMessageContaining("S3_RETRY_DEADLINE_SECONDS");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("SCALINGAR_MAX_ATTEMPTS");
    assertThatThrownBy(() -> WorkerConfig.from(Map.of("SCALINGAR_ARTIFACT_QUEUE", "0")))
        .hasMessageContaining("SCALINGAR_ARTIFACT_QUEUE");
  }

  @Test
  void groupMembershipSettingsReachTheJobsConsumer() {
    WorkerConfig c =
        WorkerConfig.from(
            Map.of(
                "SCALINGAR_GROUP_SESSION_TIMEOUT_MS",
                "7000",
                "SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS",
                "2000",
                "SCALINGAR_MAX_POLL_INTERVAL_MS",
                "90000",
                "SCALINGAR_GROUP_INSTANCE_ID",
                "worker-3"));
    assertThat(c.group().consumerProperties())
        .containsEntry("session.timeout.ms", 7000)
        .containsEntry("heartbeat.interval.ms", 2000)
        .containsEntry("max.poll.interval.ms", 90000)
        .containsEntry("group.instance.id", "worker-3");
    // The defaults, as documented: a dynamic member whose partitions move 10 s after it goes
    // silent.
    WorkerConfig d = WorkerConfig.from(Map.of());
    assertThat(d.group()).isEqualTo(GroupMembership.DEFAULTS);
    assertThat(d.group().consumerProperties())
        .containsEntry("session.timeout.ms", 10_000)
        .containsEntry("heartbeat.interval.ms", 3000)
        .doesNotContainKey("group.instance.id");
    assertThatThrownBy(
            () -> WorkerConfig.from(Map.of("SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS", "20000")))
        .hasMessageContaining("below SCALINGAR_GROUP_SESSION_TIMEOUT_MS");
  }
}
