package dev.scalingar.cli.chaos;

import java.util.Map;
import java.util.TreeMap;

/** What the gateway answered, {@code "METHOD CODE"} (or {@code "METHOD refused"}) to a count. */
final class Answers {

  private final Map<String, Integer> counts = new TreeMap<>();

  synchronized void add(String method, int code) {
    counts.merge(method + " " + code, 1, Integer::sum);
  }

  synchronized void refused(String method) {
    counts.merge(method + " refused", 1, Integer::sum);
  }

  synchronized Map<String, Integer> snapshot() {
    return Map.copyOf(counts);
  }
}
