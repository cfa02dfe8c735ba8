package dev.scalingar.cli.chaos;

import dev.scalingar.cli.stack.JobClient;
import java.util.Set;

/**
 * After a gateway restart: does its status view (rebuilt from the events topic) know every accepted
 * job, in a terminal status, and the same outcome the events topic says?
 */
record JobViewCheck(int asked, int terminal, int agreeing) {

  private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

  static JobViewCheck of(ChaosRun run) throws InterruptedException {
    JobClient client = new JobClient(run.stack.gatewayUrl(), run.stack.apiKey());
    int terminal = 0, agreeing = 0;
    var events = run.tap().events();
    for (String id : run.accepted()) {
      String status;
      try {
        status = client.get(id).path("status").asText();
      } catch (java.io.IOException e) {
        continue; // unknown to the view: neither terminal nor agreeing
      }
      if (TERMINAL.contains(status)) {
        terminal++;
      }
      boolean onTopic =
          events.stream().anyMatch(e -> e.jobId().equals(id) && e.type().equals(status));
      if (onTopic) {
        agreeing++;
      }
    }
    return new JobViewCheck(run.accepted().size(), terminal, agreeing);
  }
}
