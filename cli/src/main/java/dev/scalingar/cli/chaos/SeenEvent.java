package dev.scalingar.cli.chaos;

/**
 * One job event as the chaos runner read it from the events topic: the job, the event's short type
 * ({@code started}, {@code completed}, {@code failed}, …), its CloudEvent id (deterministic, e.g.
 * {@code j-42/completed}), and for {@code failed} its reason, for {@code started} its attempt.
 */
public record SeenEvent(String jobId, String type, String eventId, String reason, int attempt) {

  public boolean terminal() {
    return type.equals("completed") || type.equals("failed") || type.equals("cancelled");
  }
}
