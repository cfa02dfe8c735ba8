package dev.scalingar.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.StrategyName;
import dev.scalingar.schemas.events.JobAccepted;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fold itself, without Kafka: order across topics, dedupe, terminal stickiness, paging. */
class JobViewTest {

  private final JobView view = new JobView();
  private final List<String> finished = new ArrayList<>();

  private static JobRequest request(String id, String tenant, long millis) {
    return new JobRequest(
        id, tenant, Instant.ofEpochMilli(millis), JobSpec.of("a red circle").withSeed(1));
  }

  @Test
  void eventsBeforeTheirRequestStillFoldAndTheWebhookWaitsForTheRequest() {
    view.onTerminal(s -> finished.add(s.jobId()));
    view.applyEvent(
        "job_00000001/failed",
        Instant.now(),
        new JobFailed("job_00000001", "acme", JobFailed.Reason.INTERNAL, "boom", false),
        EventType.JOB_FAILED);
    assertThat(view.get("job_00000001").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(finished).isEmpty(); // no request yet: no webhook URL known
    view.applyRequest(request("job_00000001", "acme", 1), "d", Instant.now());
    assertThat(finished).containsExactly("job_00000001");
    assertThat(view.get("job_00000001").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(view.queued("acme")).isZero();
  }

  @Test
  void terminalStatusIsStickyAndDuplicatesAreIgnored() {
    view.onTerminal(s -> finished.add(s.jobId()));
    view.applyRequest(request("job_00000002", "acme", 1), "d", Instant.now());
    assertThat(view.queued("acme")).isEqualTo(1);
    view.applyEvent(
        "job_00000002/accepted",
        Instant.now(),
        new JobAccepted(
            "job_00000002",
            "acme",
            StrategyName.SCALINGAR,
            8,
            "shapes-v1",
            Map.of(),
            Optional.of("a red circle")),
        EventType.JOB_ACCEPTED);
    assertThat(view.needs("job_00000002", "job_00000002/accepted", EventType.JOB_ACCEPTED))
        .isFalse();
    assertThat(view.get("job_00000002").orElseThrow().canonicalPrompt()).contains("a red circle");
    view.applyEvent(
        "job_00000002/started/1",
        Instant.now(),
        new JobStarted("job_00000002", "acme", "w", 1, 8, 64),
        EventType.JOB_STARTED);
    assertThat(view.queued("acme")).isZero();
    JobFailed failed =
        new JobFailed("job_00000002", "acme", JobFailed.Reason.INTERNAL, "boom", false);
    view.applyEvent("job_00000002/failed", Instant.now(), failed, EventType.JOB_FAILED);
    view.applyEvent("job_00000002/failed", Instant.now(), failed, EventType.JOB_FAILED);
    view.applyEvent(
        "job_00000002/started/2",
        Instant.now(),
        new JobStarted("job_00000002", "acme", "w", 2, 8, 64),
        EventType.JOB_STARTED);
    assertThat(view.get("job_00000002").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(finished).containsExactly("job_00000002");
  }

  @Test
  void pagesAreNewestFirstAndStableAndPrivateToTheTenant() {
    for (int i = 0; i < 5; i++) {
      view.applyRequest(request("job_0000001" + i, "acme", 1000 + i), "d", null);
    }
    view.applyRequest(request("job_00000099", "globex", 5000), "d", null);
    JobView.Page first = view.list("acme", Optional.empty(), Optional.empty(), 2);
    assertThat(first.jobs())
        .extracting(JobSnapshot::jobId)
        .containsExactly("job_00000014", "job_00000013");
    JobView.Page second = view.list("acme", Optional.empty(), first.nextCursor(), 2);
    assertThat(second.jobs())
        .extracting(JobSnapshot::jobId)
        .containsExactly("job_00000012", "job_00000011");
    JobView.Page last = view.list("acme", Optional.empty(), second.nextCursor(), 2);
    assertThat(last.jobs()).extracting(JobSnapshot::jobId).containsExactly("job_00000010");
    assertThat(last.nextCursor()).isEmpty();
    assertThat(view.get("acme", "job_00000099")).isEmpty();
    assertThatThrownBy(() -> view.list("acme", Optional.empty(), Optional.of("%%%"), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
