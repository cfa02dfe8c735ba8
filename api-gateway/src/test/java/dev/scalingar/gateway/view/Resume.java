package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.events.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a stream resumed after an event id starts with, read from a view as the SSE API does. */
public final class Resume {

  private Resume() {}

  /**
   * The ids of the events a listener resuming after {@code lastEventId} is started with; empty when
   * the view cannot resume there (the stream would start afresh with the status).
   */
  public static Optional<List<String>> idsAfter(
      JobView view, String tenant, String jobId, String lastEventId) {
    List<JobListener.Start> start = new ArrayList<>();
    JobListener listener =
        new JobListener() {
          @Override
          public void onStart(Start s) {
            start.add(s);
          }

          @Override
          public void onEvent(String eventId, EventType type, JobEvent event, JobSnapshot after) {}
        };
    view.subscribe(tenant, jobId, Optional.of(lastEventId), listener).orElseThrow();
    view.unsubscribe(jobId, listener);
    return start.get(0).missed().map(m -> m.stream().map(RecordedEvent::eventId).toList());
  }
}
