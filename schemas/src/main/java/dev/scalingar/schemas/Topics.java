package dev.scalingar.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic names: contracts (docs/design.md). The key of every record is the job id.
 *
 * <p>Jobs are routed per model: each served model has its own jobs topic, read only by the workers
 * that serve it, so a worker never receives a job it cannot run and each model's backlog (what its
 * autoscaler scales on) is its own topic's lag. Events, control and the dead-letter topic are
 * shared by the whole fleet.
 */
public final class Topics {
  /**
   * Job requests of one model: {@code {model}} is replaced by the model's name. Partitions sized
   * for that model's workers.
   */
  public static final String JOBS_TEMPLATE = "scalingar.jobs.{model}.v1";

  /** Job events (CloudEvents); consumers dedupe by event id. */
  public static final String EVENTS = "scalingar.events.v1";

  /** Cancel commands; every worker reads every record (no consumer group sharing). */
  public static final String CONTROL = "scalingar.control.v1";

  /** Unprocessable job records with reason headers; kept long, never silently dropped. */
  public static final String JOBS_DLQ = "scalingar.jobs.dlq.v1";

  /** The topics every fleet has, whatever models it serves. */
  public static final List<String> SHARED = List.of(EVENTS, CONTROL, JOBS_DLQ);

  /**
   * Model names as the job-spec schema allows them: lowercase, digits, '-' (never the DLQ's "dlq").
   */
  private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private Topics() {}

  /** The jobs topic of {@code model}. */
  public static String jobs(String model) {
    return jobs(JOBS_TEMPLATE, model);
  }

  /**
   * The jobs topic of {@code model} under another template (tests give each run its own topics); a
   * template without {@code {model}} names one topic, which is only right for a single model.
   */
  public static String jobs(String template, String model) {
    if (model == null || !MODEL.matcher(model).matches() || model.equals("dlq")) {
      throw new IllegalArgumentException(
          "'"
              + model
              + "' is not a model name a topic can be made of (lowercase letters, digits, '-')");
    }
    return template.replace("{model}", model);
  }

  /** Every topic of a fleet serving {@code models}: their jobs topics, then the shared ones. */
  public static List<String> all(Collection<String> models) {
    List<String> all = new ArrayList<>();
    models.forEach(m -> all.add(jobs(m)));
    all.addAll(SHARED);
    return List.copyOf(all);
  }
}
