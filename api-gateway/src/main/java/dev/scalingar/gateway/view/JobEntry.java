package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.events.JobAccepted;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mutable state of one job inside {@link JobView}. Every method holds the entry's lock, so the
 * feed thread and request threads (which apply their own writes at once) never interleave.
 */
final class JobEntry {

  /** What applying a record changed, for the view's indexes and hooks. */
  record Change(
      JobStatus before, JobStatus after, boolean requestAdded, boolean becameDeliverable) {}

  private final String jobId;
  private final String tenant;
  // Event ids already applied, for dedupe. Cleared once terminal: after that every event but the
  // job record is ignored anyway, so a finished job costs no memory per event here (its replay
  // history below is bounded by the view).
  private final Set<String> seen = new HashSet<>();
  private final List<JobListener> listeners = new ArrayList<>();
  // The job's events in the order applied, for streams resumed with Last-Event-ID: at most
  // historyCap (the oldest go first), and none once the view drops a finished job's history.
  private final int historyCap;
  private final ArrayDeque<RecordedEvent> history = new ArrayDeque<>();
  private JobStatus status; // null until the first record
  private JobRequest request;
  private String canonicalPrompt;
  private String specDigest;
  private Instant updatedAt = Instant.EPOCH;
  private JobStarted started;
  private JobProgress progress;
  private int pruned;
  private JobCompleted completed;
  private JobFailed failed;
  private JobCancelled cancelled;
  private String terminalEventId;
  private Instant terminalAt;
  private boolean terminalHandled;

  /**
   * @param historyCap most events kept for replay ({@code gateway.view.replay-events-per-job})
   */
  JobEntry(String jobId, String tenant, int historyCap) {
    this.jobId = jobId;
    this.tenant = tenant;
    this.historyCap = historyCap;
  }

  String tenant() {
    return tenant;
  }

  synchronized boolean needs(String eventId, EventType type) {
    if (type == EventType.JOB_REQUESTED) {
      return request == null;
    }
    return !(status != null && status.isTerminal()) && !seen.contains(eventId);
  }

  synchronized Change applyRequest(JobRequest r, String digest, Instant time) {
    if (request != null) {
      return new Change(status, status, false, false);
    }
    JobStatus before = status;
    request = r;
    specDigest = digest;
    if (status == null) {
      status = JobStatus.QUEUED;
    }
    touch(time == null ? r.submittedAt() : time);
    return new Change(before, status, true, deliverable());
  }

  synchronized Change applyEvent(String eventId, Instant time, JobEvent e, EventType type) {
    JobStatus before = status;
    if (!needs(eventId, type)) {
      return new Change(before, before, false, false);
    }
    seen.add(eventId);
    touch(time);
    if (e instanceof JobAccepted a) {
      status = status == null ? JobStatus.QUEUED : status;
      canonicalPrompt = a.canonicalPrompt().orElse(canonicalPrompt);
    } else if (e instanceof JobStarted s) {
      started = s;
      status = JobStatus.RUNNING;
    } else if (e instanceof JobProgress p) {
      if (progress == null || p.step() >= progress.step()) {
        progress = p;
      }
      status = JobStatus.RUNNING;
    } else if (e instanceof TrajectoryPruned) {
      pruned++;
      status = JobStatus.RUNNING;
    } else if (e instanceof JobCompleted c) {
      completed = c;
      finish(JobStatus.COMPLETED, eventId, time);
    } else if (e instanceof JobFailed f) {
      failed = f;
      finish(JobStatus.FAILED, eventId, time);
    } else if (e instanceof JobCancelled c) {
      cancelled = c;
      finish(JobStatus.CANCELLED, eventId, time);
    }
    if (historyCap > 0) {
      if (history.size() == historyCap) {
        history.removeFirst();
      }
      history.addLast(new RecordedEvent(eventId, type, e));
    }
    JobSnapshot after = snapshot();
    for (JobListener l : List.copyOf(listeners)) {
      l.onEvent(eventId, type, e, after);
    }
    if (status.isTerminal()) {
      listeners.clear();
    }
    return new Change(before, status, false, deliverable());
  }

  private void finish(JobStatus terminal, String eventId, Instant time) {
    status = terminal;
    terminalEventId = eventId;
    terminalAt = time;
    seen.clear();
  }

  /** True once, when the job is finished and its request (with the webhook URL) is known. */
  private boolean deliverable() {
    if (!terminalHandled && request != null && status != null && status.isTerminal()) {
      terminalHandled = true;
      return true;
    }
    return false;
  }

  private void touch(Instant time) {
    if (time != null && time.isAfter(updatedAt)) {
      updatedAt = time;
    }
  }

  /**
   * Tells {@code l} where it starts ({@link JobListener#onStart}) and registers it, atomically: no
   * event falls between. A finished job's listener is told its start and not registered.
   *
   * @param lastEventId the id of the last event the listener already has, if it resumes
   */
  synchronized JobListener.Start subscribe(JobListener l, Optional<String> lastEventId) {
    JobListener.Start start = new JobListener.Start(snapshot(), lastEventId.flatMap(this::after));
    l.onStart(start);
    if (status == null || !status.isTerminal()) {
      listeners.add(l);
    }
    return start;
  }

  /** Whether the view knows what follows this event id of the job (see {@link #after}). */
  synchronized boolean knows(String eventId) {
    return after(eventId).isPresent();
  }

  /**
   * The events applied after {@code eventId}, oldest first; empty when the id is not in the
   * history. After the terminal event nothing follows, which is known even once the history has
   * been dropped.
   */
  private Optional<List<RecordedEvent>> after(String eventId) {
    if (eventId.equals(terminalEventId)) {
      return Optional.of(List.of());
    }
    List<RecordedEvent> newer = new ArrayList<>();
    for (Iterator<RecordedEvent> it = history.descendingIterator(); it.hasNext(); ) {
      RecordedEvent r = it.next();
      if (r.eventId().equals(eventId)) {
        Collections.reverse(newer);
        return Optional.of(newer);
      }
      newer.add(r);
    }
    return Optional.empty();
  }

  /** Forgets the replay history (the view keeps it for a bounded number of finished jobs). */
  synchronized void dropHistory() {
    history.clear();
  }

  synchronized void unsubscribe(JobListener l) {
    listeners.remove(l);
  }

  synchronized JobSnapshot snapshot() {
    return new JobSnapshot(
        jobId,
        tenant,
        status == null ? JobStatus.QUEUED : status,
        Optional.ofNullable(request),
        Optional.ofNullable(canonicalPrompt),
        Optional.ofNullable(specDigest),
        updatedAt,
        Optional.ofNullable(started),
        Optional.ofNullable(progress),
        pruned,
        Optional.ofNullable(completed),
        Optional.ofNullable(failed),
        Optional.ofNullable(cancelled),
        Optional.ofNullable(terminalEventId),
        Optional.ofNullable(terminalAt));
  }
}
