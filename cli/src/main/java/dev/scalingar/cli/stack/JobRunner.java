package dev.scalingar.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;

/**
 * One job end to end through the public API: submit, a progress bar fed by its Server-Sent Events
 * (step, live trajectories, pruned so far; plain lines when stdout is not a terminal), then the
 * image, trace and confidence plot downloaded through their presigned URLs, and the final job
 * status saved as {@code job.json}.
 */
public final class JobRunner {

  private JobRunner() {}

  public record Outcome(String jobId, String status, Path dir) {}

  public static Outcome run(JobClient client, ObjectNode spec, Path out)
      throws IOException, InterruptedException {
    JsonNode accepted = client.submit(spec);
    String jobId = accepted.path("job_id").asText();
    String prompt = spec.path("prompt").asText();
    AtomicInteger pruned = new AtomicInteger();
    try (ProgressBar bar =
        ProgressBars.builder(jobId, 256, ProgressBars.stdoutIsTerminal(), System.out::println)
            .build()) {
      bar.setExtraMessage("queued: \"" + prompt + "\"");
      client.follow(
          jobId,
          (event, data) -> {
            switch (event) {
              case "started" -> {
                bar.maxHint(data.path("total_steps").asInt(256));
                bar.setExtraMessage(data.path("trajectories").asInt() + " trajectories");
              }
              case "progress" -> {
                bar.stepTo(data.path("step").asInt());
                bar.setExtraMessage(
                    String.format(
                        Locale.ROOT,
                        "live %d, pruned %d",
                        data.path("live_trajectories").asInt(),
                        pruned.get()));
              }
              case "pruned" -> pruned.incrementAndGet();
              case "completed" -> {
                bar.stepTo(bar.getMax());
                bar.setExtraMessage(
                    String.format(
                        Locale.ROOT,
                        "done, pruned %d, %d visual tokens of %d",
                        pruned.get(),
                        data.path("tokens").path("visual_tokens").asLong(),
                        data.path("tokens").path("full_bon_tokens").asLong()));
              }
              default -> {}
            }
          });
    }
    JsonNode job = client.get(jobId);
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("job.json"),
        StackState.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(job) + "\n");
    String status = job.path("status").asText();
    if (status.equals("completed")) {
      JsonNode result = job.path("result");
      client.download(result.path("image_url").asText(), out.resolve("image.png"));
      client.download(result.path("trace_url").asText(), out.resolve("trace.json"));
      client.download(result.path("confidence_plot_url").asText(), out.resolve("confidence.png"));
      client.download(result.path("candidates_url").asText(), out.resolve("candidates.png"));
    }
    return new Outcome(jobId, status, out);
  }

  /** The JSON body of POST /v1/jobs. */
  public static ObjectNode spec(String prompt, int n, String strategy, Long seed) {
    ObjectNode spec =
        StackState.JSON
            .createObjectNode()
            .put("prompt", prompt)
            .put("n", n)
            .put("strategy", strategy);
    if (seed != null) {
      spec.put("seed", seed);
    }
    return spec;
  }
}
