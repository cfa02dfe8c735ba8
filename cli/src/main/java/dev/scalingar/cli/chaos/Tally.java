package dev.scalingar.cli.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outcome of the accepted jobs of one scenario, computed from what really happened (the events
 * topic and the objects in S3), not from what the gateway reports:
 *
 * <ul>
 *   <li>completed: a {@code completed} event was published;
 *   <li>failed: no {@code completed}, a {@code failed} (or {@code cancelled}) event, by reason;
 *   <li>lost: accepted, and no terminal event at all by the deadline;
 *   <li>duplicated: more than one distinct completed event id, or a completed and a failed outcome
 *       both published, or more than one set of objects (a {@code manifest.json} is one set).
 * </ul>
 *
 * A terminal event that is published again with the same id (a redelivery after a crash between
 * publishing and committing) is one outcome, since consumers dedupe by id: it is counted in {@code
 * repeatedTerminalRecords}, not as a duplicate. A completed job without its object set is {@code
 * completedWithoutObjects}.
 */
public record Tally(
    int completed,
    int failed,
    Map<String, Integer> failedReasons,
    List<String> lost,
    List<String> duplicated,
    int repeatedTerminalRecords,
    List<String> completedWithoutObjects) {

  /**
   * @param accepted the job ids the gateway accepted (202)
   * @param events every job event read from the events topic
   * @param objectSets per job id, how many object sets S3 holds for it (absent: none)
   */
  public static Tally of(
      Collection<String> accepted, List<SeenEvent> events, Map<String, Integer> objectSets) {
    Map<String, List<SeenEvent>> terminals = new HashMap<>();
    for (SeenEvent e : events) {
      if (e.terminal()) {
        terminals.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e);
      }
    }
    int completed = 0, failed = 0, repeated = 0;
    Map<String, Integer> reasons = new TreeMap<>();
    List<String> lost = new ArrayList<>(), duplicated = new ArrayList<>(), bare = new ArrayList<>();
    for (String job : new LinkedHashSet<>(accepted)) {
      List<SeenEvent> ts = terminals.getOrDefault(job, List.of());
      if (ts.isEmpty()) {
        lost.add(job);
        continue;
      }
      Set<String> completedIds = new LinkedHashSet<>(), otherIds = new LinkedHashSet<>();
      String reason = null;
      for (SeenEvent t : ts) {
        if (t.type().equals("completed")) {
          completedIds.add(t.eventId());
        } else {
          otherIds.add(t.eventId());
          reason = t.type().equals("cancelled") ? "cancelled" : t.reason();
        }
      }
      repeated += ts.size() - completedIds.size() - otherIds.size();
      int sets = objectSets.getOrDefault(job, 0);
      if (completedIds.size() > 1 || (!completedIds.isEmpty() && !otherIds.isEmpty()) || sets > 1) {
        duplicated.add(job);
      }
      if (!completedIds.isEmpty()) {
        completed++;
        if (sets == 0) {
          bare.add(job);
        }
      } else {
        failed++;
        reasons.merge(reason == null ? "unknown" : reason, 1, Integer::sum);
      }
    }
    return new Tally(
        completed,
        failed,
        Map.copyOf(reasons),
        List.copyOf(lost),
        List.copyOf(duplicated),
        repeated,
        List.copyOf(bare));
  }
}
