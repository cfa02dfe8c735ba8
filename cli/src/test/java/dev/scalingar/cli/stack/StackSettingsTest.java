package dev.scalingar.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.infra.LocalStack;
import dev.scalingar.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

  @Test
  void theLocalStacksGatewayAllowsLoopbackWebhookReceiversAndNothingElsePrivate() {
    Map<String, String> settings =
        Stack.gatewaySettings(Stack.Ports.defaults(), "127.0.0.1:19092", "ab", "key", "shapes-v1");
    // dev only: the gateway's shipped configuration has no such entry (WebhookTargetGuardTest)
    assertThat(settings)
        .containsEntry("gateway.webhooks.allow-private-targets", "127.0.0.0/8,::1/128");
    assertThat(settings)
        .containsEntry("quarkus.http.port", "18080")
        .containsEntry("gateway.kafka.bootstrap-servers", "127.0.0.1:19092");
  }

  @Test
  void everyTopicIsEnsuredAtStart() {
    assertThat(Stack.topics(List.of("shapes-v1", "shapes-v2")))
        .extracting(NewTopic::name)
        .containsExactlyInAnyOrderElementsOf(Topics.all(List.of("shapes-v1", "shapes-v2")))
        .contains("scalingar.jobs.shapes-v1.v1", "scalingar.jobs.shapes-v2.v1");
  }

  @Test
  void wipeRemovesTheBrokersDataAndTheObjectsButKeepsTheLogs(@TempDir Path dir) throws Exception {
    Files.createDirectories(LocalStack.kafkaDir(dir).resolve("scalingar.jobs.shapes-v1.v1-0"));
    Files.writeString(LocalStack.kafkaDir(dir).resolve("meta.properties"), "cluster.id=x\n");
    Files.createDirectories(LocalStack.s3Dir(dir).resolve("scalingar/jobs/j1"));
    Files.writeString(LocalStack.s3Dir(dir).resolve("scalingar/jobs/j1/image.png"), "png");
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("logs/worker.log"), "log");
    assertThat(LocalStack.wipe(dir))
        .containsExactly(LocalStack.kafkaDir(dir), LocalStack.s3Dir(dir));
    assertThat(LocalStack.kafkaDir(dir)).doesNotExist();
    assertThat(LocalStack.s3Dir(dir)).doesNotExist();
    assertThat(dir.resolve("logs/worker.log")).exists();
    assertThat(LocalStack.wipe(dir)).as("nothing left to wipe").isEmpty();
  }
}
