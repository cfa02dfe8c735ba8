package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.events.JobEvent;
import java.util.List;
import java.util.Optional;

/**
 * Follows one job (SSE streams): told once where it starts, then about each new event. Both are
 * called under the job's lock, so no event falls between the start and the first {@link #onEvent},
 * and neither may block.
 */
public interface JobListener {

  /**
   * Where the listener starts.
   *
   * @param now the job's state when the listener was registered
   * @param missed present when the listener resumes after an event id the view knows: the job's
   *     events after it, in the order the view applied them (empty when there were none); absent
   *     for a fresh start, and for an id the view does not know (never seen for this job, or
   *     already dropped from its bounded history)
   */
  record Start(JobSnapshot now, Optional<List<RecordedEvent>> missed) {
    public Start {
      missed = missed.map(List::copyOf);
    }
  }

  /** Called first, once, before any {@link #onEvent}. */
  void onStart(Start start);

  void onEvent(String eventId, EventType type, JobEvent event, JobSnapshot after);
}
