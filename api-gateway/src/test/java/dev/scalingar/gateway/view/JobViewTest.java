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

  private static JobStarted started(String job, int attempt) {
    return new JobStarted(job, "acme", "w", attempt, 8, 64);
  }

  private static Optional<List<String>> resume(JobView v, String job, String lastEventId) {
    return Resume.idsAfter(v, "acme", job, lastEventId);
  }

  @Test
  void aJobKeepsAtMostItsCapOfEventsForReplayTheNewest() {
    JobView small = new JobView(new JobView.Replay(3, 10));
    String job = "job_00000003";
    small.applyRequest(request(job, "acme", 1), "d", Instant.now());
    for (int attempt = 1; attempt <= 5; attempt++) {
      small.applyEvent(
          job + "/started/" + attempt, Instant.now(), started(job, attempt), EventType.JOB_STARTED);
    }
    // 1 and 2 were dropped: an id older than the history is not resumable (the stream starts
    // afresh)
    assertThat(resume(small, job, job + "/started/2")).isEmpty();
    assertThat(resume(small, job, job + "/started/3"))
        .contains(List.of(job + "/started/4", job + "/started/5"));
    assertThat(resume(small, job, job + "/started/5")).contains(List.of());
    assertThat(resume(small, job, "job_00000004/started/5")).isEmpty(); // another job's id
    assertThat(small.knows(job, job + "/started/4")).isTrue();
    assertThat(small.knows(job, job + "/started/1")).isFalse();
  }

  @Test
  void onlyTheMostRecentlyFinishedJobsKeepTheirHistoryButTheTerminalIdStaysKnown() {
    JobView small = new JobView(new JobView.Replay(16, 2));
    List<String> jobs = List.of("job_00000005", "job_00000006", "job_00000007");
    for (String job : jobs) {
      small.applyRequest(request(job, "acme", 1), "d", Instant.now());
      small.applyEvent(job + "/started/1", Instant.now(), started(job, 1), EventType.JOB_STARTED);
      small.applyEvent(
          job + "/failed",
          Instant.now(),
          new JobFailed(job, "acme", JobFailed.Reason.INTERNAL, "boom", false),
          EventType.JOB_FAILED);
    }
    // the first to finish lost its history when the third finished
    assertThat(resume(small, jobs.get(0), jobs.get(0) + "/started/1")).isEmpty();
    assertThat(resume(small, jobs.get(0), jobs.get(0) + "/failed")).contains(List.of());
    assertThat(resume(small, jobs.get(1), jobs.get(1) + "/started/1"))
        .contains(List.of(jobs.get(1) + "/failed"));
    assertThat(resume(small, jobs.get(2), jobs.get(2) + "/started/1"))
        .contains(List.of(jobs.get(2) + "/failed"));
    // a redelivered terminal event does not count the job twice
    small.applyEvent(
        jobs.get(2) + "/failed",
        Instant.now(),
        new JobFailed(jobs.get(2), "acme", JobFailed.Reason.INTERNAL, "boom", false),
        EventType.JOB_FAILED);
    assertThat(resume(small, jobs.get(1), jobs.get(1) + "/started/1")).isPresent();
  }
}
