package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.events.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * events, a few KB); evicting old finished jobs would be the next step if retention is long.
 */
public final class JobView {

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
   * Subscribes to a tenant's job; empty when it is not theirs. The snapshot returned is the state
   * the listener's first event follows.
   */
  public Optional<JobSnapshot> subscribe(String tenant, String jobId, JobListener listener) {
    JobEntry e = jobs.get(jobId);
    return e == null || !e.tenant().equals(tenant)
        ? Optional.empty()
        : Optional.of(e.subscribe(listener));
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
    return jobs.computeIfAbsent(jobId, id -> new JobEntry(id, tenant));
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
