package dev.scalingar.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many times each in-flight job record has been started by this consumer group, kept in the
 * group's committed offset metadata so that the count survives the process.
 *
 * <p>Why the commit metadata: a job record cannot carry a count (records are immutable once
 * written); re-publishing it with an incremented header only happens when a worker lives to do it,
 * not after kill -9; reading the events topic for earlier {@code started} events means scanning a
 * partition per job; a compacted attempts topic needs every worker to hold a table of it. The
 * committed offset of a partition, in contrast, is already read by whoever is assigned the
 * partition, is written by the one owner only, and names exactly the records that will be
 * redelivered: those at or after it. So before a job starts, the worker commits its partition's
 * unchanged position with {@code offset=attempt} pairs of the records in flight; a new owner reads
 * them on assignment and counts on.
 *
 * <p>Bounded: only in-flight offsets of assigned partitions are held (a finished record's entry
 * goes with it, a revoked partition's entries with the partition), and the encoded text is capped
 * below the broker's {@code offset.metadata.max.bytes} (4096 by default); entries past the cap
 * count from 1 again, which is logged. Confined to the worker's loop thread.
 */
final class AttemptLedger {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptLedger.class);

  /** Leaves room under the broker's default 4096-byte limit. */
  static final int MAX_METADATA_CHARS = 3_000;

  private static final String PREFIX = "attempts:";

  private final Map<TopicPartition, TreeMap<Long, Integer>> byPartition = new HashMap<>();

  /** What a previous owner recorded in the committed metadata of {@code partition}. */
  void restore(TopicPartition partition, String metadata) {
    TreeMap<Long, Integer> entries = byPartition.computeIfAbsent(partition, p -> new TreeMap<>());
    parse(metadata).forEach((offset, attempt) -> entries.merge(offset, attempt, Math::max));
  }

  /** One more start of the record at {@code offset}: 1 the first time the group sees it. */
  int begin(TopicPartition partition, long offset) {
    return byPartition
        .computeIfAbsent(partition, p -> new TreeMap<>())
        .merge(offset, 1, Integer::sum);
  }

  /** The record is done with (finished, or committed past): it will not be redelivered. */
  void forget(TopicPartition partition, long offset) {
    TreeMap<Long, Integer> entries = byPartition.get(partition);
    if (entries != null) {
      entries.remove(offset);
    }
  }

  void revoke(TopicPartition partition) {
    byPartition.remove(partition);
  }

  /**
   * Metadata for a commit at {@code position}: the records at or past it that have been started.
   */
  String metadata(TopicPartition partition, long position) {
    TreeMap<Long, Integer> entries = byPartition.get(partition);
    if (entries == null) {
      return "";
    }
    entries.headMap(position).clear(); // below the committed position: never redelivered
    StringBuilder out = new StringBuilder(PREFIX);
    for (Map.Entry<Long, Integer> e : entries.entrySet()) {
      String pair = (out.length() > PREFIX.length() ? "," : "") + e.getKey() + "=" + e.getValue();
      if (out.length() + pair.length() > MAX_METADATA_CHARS) {
        // the oldest records are the likeliest to be redelivered first: keep those
        LOG.warn(
            "{} records of {} in flight: attempts of those past offset {} are not recorded",
            entries.size(),
            partition,
            e.getKey());
        break;
      }
      out.append(pair);
    }
    return out.toString();
  }

  int size() {
    return byPartition.values().stream().mapToInt(Map::size).sum();
  }

  Optional<Integer> attempts(TopicPartition partition, long offset) {
    return Optional.ofNullable(byPartition.getOrDefault(partition, new TreeMap<>()).get(offset));
  }

  /** Lenient: metadata written by someone else (or nothing) is no attempts, not an error. */
  static Map<Long, Integer> parse(String metadata) {
    Map<Long, Integer> out = new HashMap<>();
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return out;
    }
    for (String pair : metadata.substring(PREFIX.length()).split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        out.put(Long.parseLong(pair.substring(0, eq)), Integer.parseInt(pair.substring(eq + 1)));
      } catch (NumberFormatException ignored) {
        // a damaged pair counts that record from 1 again
      }
    }
    return out;
  }
}
