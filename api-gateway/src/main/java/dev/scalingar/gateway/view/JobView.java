package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.events.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job-status view: every job's state, folded from the job records of scalingar.jobs.{model}.v1
 * and the events of scalingar.events.v1, deduplicated by CloudEvent id. It holds nothing the two
 * topics do not: a fresh instance fed from offset 0 ({@link dev.scalingar.gateway.kafka.ViewFeed})
 * ends in the same state, which is how the gateway restarts.
 *
 * <p>Memory grows with the jobs in the topics' retention (a finished job keeps its request and last
 * events, a few KB); evicting old finished jobs would be the next step if retention is long. For
 * streams resumed with {@code Last-Event-ID} each job also keeps its events in order, bounded twice
 * ({@link Replay}): at most {@code eventsPerJob} per job, and only for unfinished jobs and the
 * {@code finishedJobs} most recently finished; older finished jobs drop theirs.
 */
public final class JobView {

  /**
   * Bounds of the events kept for Last-Event-ID replay ({@code gateway.view.*}).
   *
   * @param eventsPerJob most events kept per job, the newest; 0 keeps none
   * @param finishedJobs finished jobs that keep theirs, the most recently finished
   */
  public record Replay(int eventsPerJob, int finishedJobs) {
    /** Default of {@code gateway.view.replay-events-per-job}. */
    public static final String DEFAULT_EVENTS_PER_JOB = "256";

    /** Default of {@code gateway.view.replay-finished-jobs}. */
    public static final String DEFAULT_FINISHED_JOBS = "256";

    public static final Replay DEFAULTS =
        new Replay(
            Integer.parseInt(DEFAULT_EVENTS_PER_JOB), Integer.parseInt(DEFAULT_FINISHED_JOBS));

    public Replay {
      if (eventsPerJob < 0 || finishedJobs < 0) {
        throw new IllegalArgumentException(
            "gateway.view.replay-events-per-job and replay-finished-jobs must not be negative");
      }
    }
  }

  /** Newest first, then by id: the order of GET /v1/jobs. */
  private record ListKey(long submittedMillis, String jobId) implements Comparable<ListKey> {
    private static final Comparator<ListKey> ORDER =
        Comparator.comparingLong(ListKey::submittedMillis).reversed().thenComparing(ListKey::jobId);

    @Override
    public int compareTo(ListKey o) {
      return ORDER.compare(this, o);
    }
  }

  private static final class TenantIndex {
    final ConcurrentSkipListMap<ListKey, JobEntry> jobs = new ConcurrentSkipListMap<>();
    final AtomicInteger queued = new AtomicInteger();
  }

  /** One page of a tenant's jobs; {@code nextCursor} is empty on the last page. */
  public record Page(List<JobSnapshot> jobs, Optional<String> nextCursor) {}

  private final ConcurrentHashMap<String, JobEntry> jobs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TenantIndex> tenants = new ConcurrentHashMap<>();
  private final List<TerminalHandler> terminalHandlers = new CopyOnWriteArrayList<>();
  // Jobs per status over every tenant (the fleet page's queue depth and running jobs).
  private final Map<JobStatus, AtomicInteger> byStatus =
      new java.util.EnumMap<>(
          Map.of(
              JobStatus.QUEUED,
              new AtomicInteger(),
              JobStatus.RUNNING,
              new AtomicInteger(),
              JobStatus.COMPLETED,
              new AtomicInteger(),
              JobStatus.FAILED,
              new AtomicInteger(),
              JobStatus.CANCELLED,
              new AtomicInteger()));
  private volatile boolean caughtUp;
  private final Replay replay;
  // Finished jobs that still hold their replay history, in the order they finished.
  private final ArrayDeque<JobEntry> finishedWithHistory = new ArrayDeque<>();

  public JobView() {
    this(Replay.DEFAULTS);
  }

  public JobView(Replay replay) {
    this.replay = replay;
  }

  public void onTerminal(TerminalHandler handler) {
    terminalHandlers.add(handler);
  }

  /** Whether a record is new to the view; lets the feed skip decoding what it already applied. */
  public boolean needs(String jobId, String eventId, EventType type) {
    JobEntry e = jobs.get(jobId);
    return e == null || e.needs(eventId, type);
  }

  public void applyRequest(JobRequest request, String specDigest, Instant time) {
    JobEntry e = entry(request.jobId(), request.tenant());
    JobEntry.Change c = e.applyRequest(request, specDigest, time);
    if (c.requestAdded()) {
      index(request.tenant())
          .jobs
          .put(new ListKey(request.submittedAt().toEpochMilli(), request.jobId()), e);
    }
    after(e, c);
  }

  public void applyEvent(String eventId, Instant time, JobEvent event, EventType type) {
    JobEntry e = entry(event.jobId(), event.tenant());
    after(e, e.applyEvent(eventId, time, event, type));
  }

  private void after(JobEntry e, JobEntry.Change c) {
    if (c.after() != null
        && c.after().isTerminal()
        && (c.before() == null || !c.before().isTerminal())) {
      finished(e);
    }
    if (c.before() != c.after()) {
      if (c.before() != null) {
        byStatus.get(c.before()).decrementAndGet();
      }
      if (c.after() != null) {
        byStatus.get(c.after()).incrementAndGet();
      }
      TenantIndex t = index(e.tenant());
      if (c.before() == JobStatus.QUEUED) {
        t.queued.decrementAndGet();
      }
      if (c.after() == JobStatus.QUEUED) {
        t.queued.incrementAndGet();
      }
    }
    if (c.becameDeliverable()) {
      JobSnapshot s = e.snapshot();
      terminalHandlers.forEach(h -> h.onTerminal(s));
    }
  }

  /** Keeps the newly finished job's history, dropping that of the oldest beyond the bound. */
  private void finished(JobEntry e) {
    JobEntry dropped = null;
    synchronized (finishedWithHistory) {
      finishedWithHistory.addLast(e);
      if (finishedWithHistory.size() > replay.finishedJobs()) {
        dropped = finishedWithHistory.removeFirst();
      }
    }
    if (dropped != null) {
      dropped.dropHistory(); // outside the queue's lock: never two locks at once
    }
  }

  public Optional<JobSnapshot> get(String jobId) {
    JobEntry e = jobs.get(jobId);
    return e == null ? Optional.empty() : Optional.of(e.snapshot());
  }

  /**
   * The job if it belongs to {@code tenant}; another tenant's job is as absent as an unknown one.
   */
  public Optional<JobSnapshot> get(String tenant, String jobId) {
    JobEntry e = jobs.get(jobId);
    return e == null || !e.tenant().equals(tenant) ? Optional.empty() : Optional.of(e.snapshot());
  }

  /**
   * Subscribes to a tenant's job; empty when it is not theirs. The listener is told where it starts
   * ({@link JobListener#onStart}) before any event: the job's state, and with {@code lastEventId}
   * the events after it if the view still has them.
   */
  public Optional<JobListener.Start> subscribe(
      String tenant, String jobId, Optional<String> lastEventId, JobListener listener) {
    JobEntry e = jobs.get(jobId);
    return e == null || !e.tenant().equals(tenant)
        ? Optional.empty()
        : Optional.of(e.subscribe(listener, lastEventId));
  }

  /**
   * Whether a stream of this job resumed after {@code eventId} would get what follows it: the id is
   * in the job's history, or is its terminal event.
   */
  public boolean knows(String jobId, String eventId) {
    JobEntry e = jobs.get(jobId);
    return e != null && e.knows(eventId);
  }

  public void unsubscribe(String jobId, JobListener listener) {
    JobEntry e = jobs.get(jobId);
    if (e != null) {
      e.unsubscribe(listener);
    }
  }

  /** Jobs of every tenant now in {@code status}. */
  public int count(JobStatus status) {
    return byStatus.get(status).get();
  }

  public int queued(String tenant) {
    TenantIndex t = tenants.get(tenant);
    return t == null ? 0 : t.queued.get();
  }

  /**
   * A tenant's jobs, newest first, optionally of one status. The cursor is opaque to clients
   * (base64url of the last job's submission time and id), so pages stay stable while jobs arrive.
   *
   * @throws IllegalArgumentException when the cursor was not made here
   */
  public Page list(String tenant, Optional<JobStatus> status, Optional<String> cursor, int limit) {
    TenantIndex t = tenants.get(tenant);
    if (t == null) {
      cursor.ifPresent(JobView::decodeCursor);
      return new Page(List.of(), Optional.empty());
    }
    Map<ListKey, JobEntry> from =
        cursor.isPresent() ? t.jobs.tailMap(decodeCursor(cursor.get()), false) : t.jobs;
    List<JobSnapshot> page = new ArrayList<>(limit);
    ListKey last = null;
    boolean more = false;
    for (Map.Entry<ListKey, JobEntry> m : from.entrySet()) {
      JobSnapshot s = m.getValue().snapshot();
      if (status.isPresent() && s.status() != status.get()) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(s);
      last = m.getKey();
    }
    return new Page(page, more ? Optional.of(encodeCursor(last)) : Optional.empty());
  }

  public int size() {
    return jobs.size();
  }

  /**
   * Set by the feed once it has read up to the end offsets it found at start: the view is complete.
   */
  public boolean caughtUp() {
    return caughtUp;
  }

  public void markCaughtUp() {
    caughtUp = true;
  }

  private JobEntry entry(String jobId, String tenant) {
    return jobs.computeIfAbsent(jobId, id -> new JobEntry(id, tenant, replay.eventsPerJob()));
  }

  private TenantIndex index(String tenant) {
    return tenants.computeIfAbsent(tenant, x -> new TenantIndex());
  }

  private static String encodeCursor(ListKey k) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((k.submittedMillis() + ":" + k.jobId()).getBytes(StandardCharsets.UTF_8));
  }

  private static ListKey decodeCursor(String cursor) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return new ListKey(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a cursor returned by this API", e);
    }
  }
}
