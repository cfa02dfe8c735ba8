package dev.scalingar.schemas;

import java.util.List;

/** Topic names: contracts (docs/design.md). The key of every record is the job id. */
public final class Topics {
  /** Job requests; partitions sized for the fleet. */
  public static final String JOBS = "scalingar.jobs.v1";
  /** Job events (CloudEvents); consumers dedupe by event id. */
  public static final String EVENTS = "scalingar.events.v1";
  /** Cancel commands; every worker reads every record (no consumer group sharing). */
  public static final String CONTROL = "scalingar.control.v1";
  /** Unprocessable job records with reason headers; kept long, never silently dropped. */
  public static final String JOBS_DLQ = "scalingar.jobs.dlq.v1";

  public static final List<String> ALL = List.of(JOBS, EVENTS, CONTROL, JOBS_DLQ);

  private Topics() {}
}
