package dev.scalingar.gateway;

import static dev.scalingar.gateway.Api.submit;
import static dev.scalingar.gateway.Api.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingar.gateway.kafka.ViewFeed;
import dev.scalingar.gateway.submit.JobIds;
import dev.scalingar.gateway.view.JobSnapshot;
import dev.scalingar.gateway.view.JobStatus;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.KafkaConnection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A gateway restart, as far as the view goes: a fresh {@link JobView} fed from offset 0 knows every
 * finished job exactly as the running gateway does, including what idempotency needs.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ViewRebuildTest {

  @Test
  void aFreshViewRebuildsFinishedJobsFromTheTopics() {
    String completed = submitted(TestTenant.ACME, "{\"prompt\": \"a red circle\", \"n\": 3}");
    String failed = submitted(TestTenant.ACME, "{\"prompt\": \"a blue circle\"}");
    String cancelled = submitted(TestTenant.GLOBEX, "{\"prompt\": \"a green circle\"}");
    String idempotent =
        submit(TestTenant.ACME, "rebuild-key", "{\"prompt\": \"three circles\"}")
            .then()
            .statusCode(202)
            .extract()
            .path("job_id");
    try (TestWorker worker = new TestWorker()) {
      worker.started(completed, "acme");
      worker.progress(completed, "acme", 40);
      worker.pruned(completed, "acme", 1, 30);
      worker.completed(completed, "acme");
      worker.failed(failed, "acme");
      worker.cancelled(cancelled, "globex");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "cancelled".equals(Api.status(TestTenant.GLOBEX, cancelled)));

    JobView fresh = new JobView();
    try (ViewFeed feed =
        new ViewFeed(
                KafkaConnection.plaintext(KafkaTestResource.kafka.bootstrapServers()),
                fresh,
                new dev.scalingar.gateway.fleet.FleetView(3, java.time.Duration.ofMinutes(1)),
                java.util.List.of(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL))
            .start()) {
      await().atMost(Duration.ofSeconds(30)).until(fresh::caughtUp);

      JobSnapshot c = fresh.get("acme", completed).orElseThrow();
      assertThat(c.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(c.completed().orElseThrow().urls().image()).contains(completed + "/image.png");
      assertThat(c.prunedTrajectories()).isEqualTo(1);
      assertThat(c.request().orElseThrow().spec().n()).isEqualTo(3);
      assertThat(fresh.get("acme", failed).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
      assertThat(fresh.get("globex", cancelled).orElseThrow().status())
          .isEqualTo(JobStatus.CANCELLED);
      assertThat(fresh.get("acme", cancelled)).isEmpty(); // still another tenant's
      // idempotency survives the restart: the job id and the spec digest come back from the job
      // record
      assertThat(idempotent).isEqualTo(JobIds.forIdempotencyKey("acme", "rebuild-key"));
      assertThat(fresh.get("acme", idempotent).orElseThrow().specDigest())
          .contains(JobIds.specDigest(JobSpec.of("three circles")));
    }
  }
}
