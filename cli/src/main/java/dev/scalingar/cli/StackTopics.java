package dev.scalingar.cli;

import dev.scalingar.schemas.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/** The topics of DESIGN.md as the single-broker embedded stack creates them. */
final class StackTopics {
  static List<NewTopic> all() {
    return List.of(
        new NewTopic(Topics.JOBS, 6, (short) 1),
        new NewTopic(Topics.EVENTS, 6, (short) 1),
        new NewTopic(Topics.CONTROL, 1, (short) 1),
        new NewTopic(Topics.JOBS_DLQ, 1, (short) 1));
  }

  private StackTopics() {}
}
