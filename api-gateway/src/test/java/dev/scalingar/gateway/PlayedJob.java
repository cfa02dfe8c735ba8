package dev.scalingar.gateway;

import dev.scalingar.infra.EmbeddedS3;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.WireCodec;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.TrajectoryPruned;
import dev.scalingar.schemas.trace.Trace;
import dev.scalingar.schemas.trace.TraceEvent;
import dev.scalingar.schemas.trace.TraceRecord;
import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.render.RgbImage;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.http.Method;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * A scripted job of 4 trajectories over 64 steps, played as a worker would: live events with
 * curves, a pruned trajectory, then real objects in a real S3 server (presigned) and the
 * completion. C of each trajectory is a fixed function of the step, so the live chart and the
 * stored trace agree. Trajectory 2 is flagged at step 12 and terminated at 20; 3 is flagged at 30
 * and recovers at 36; 1 is chosen.
 */
final class PlayedJob {

  static final int N = 4;
  static final int STEPS = 64;
  static final int PRUNED = 2;
  static final int PRUNED_AT = 20;
  static final int CHOSEN = 1;
  static final String PROMPT = "a red circle above a blue square";

  private final String jobId;
  private final String tenant;

  PlayedJob(String jobId, String tenant) {
    this.jobId = jobId;
    this.tenant = tenant;
  }

  static double c(int t, int step) {
    return Math.round(
            (0.55
                    + 0.08 * Math.sin(step / 7.0 + t)
                    + (t == CHOSEN ? 0.1 : 0)
                    - (t == PRUNED ? 0.01 * step : 0))
                * 1e4)
        / 1e4;
  }

  static Double theta(int step) {
    return step < 8 ? null : 0.45;
  }

  static boolean ran(int t, int step) {
    return t != PRUNED || step <= PRUNED_AT;
  }

  static TraceEvent event(int t, int step) {
    if (t == PRUNED && step == 12 || t == 3 && step == 30) {
      return TraceEvent.FLAGGED;
    }
    if (t == 3 && step == 36) {
      return TraceEvent.RECOVERED;
    }
    if (t == PRUNED && step == PRUNED_AT) {
      return TraceEvent.TERMINATED;
    }
    return t == CHOSEN && step == STEPS - 1 ? TraceEvent.SELECTED : null;
  }

  /**
   * started, then progress at steps 16 and 32 with the curves of steps 0–15 and 16–31, and the
   * prune.
   */
  void playLive(TestWorker worker) {
    worker.publish(
        WireEvents.eventId(jobId, EventType.JOB_STARTED, 1),
        new JobStarted(jobId, tenant, "browser-test-worker", 1, N, STEPS));
    for (int from : new int[] {0, 16}) {
      List<Integer> steps = new ArrayList<>();
      List<Double> thetas = new ArrayList<>();
      List<JobProgress.Mark> marks = new ArrayList<>();
      for (int s = from; s < from + 16; s++) {
        steps.add(s);
        thetas.add(theta(s));
        for (int t = 0; t < N; t++) {
          TraceEvent e = ran(t, s) ? event(t, s) : null;
          if (e != null && e != TraceEvent.SELECTED) {
            marks.add(new JobProgress.Mark(t, s, e));
          }
        }
      }
      List<JobProgress.Series> series = new ArrayList<>();
      for (int t = 0; t < N; t++) {
        int tt = t;
        series.add(
            new JobProgress.Series(
                t, steps.stream().map(s -> ran(tt, s) ? c(tt, s) : null).toList()));
      }
      int step = from + 16;
      if (from == 16) {
        worker.publish(
            WireEvents.eventId(jobId, EventType.TRAJECTORY_PRUNED, PRUNED),
            new TrajectoryPruned(
                jobId,
                tenant,
                PRUNED,
                PRUNED_AT,
                TrajectoryPruned.Reason.GATE,
                OptionalDouble.of(c(PRUNED, PRUNED_AT)),
                OptionalDouble.of(0.45)));
      }
      int live = step > PRUNED_AT ? N - 1 : N;
      worker.publish(
          WireEvents.eventId(jobId, EventType.JOB_PROGRESS, step),
          new JobProgress(
              jobId,
              tenant,
              step,
              STEPS,
              live,
              tokensUpTo(step),
              OptionalDouble.of(0.45),
              Optional.empty(),
              Optional.of(new JobProgress.Curve(steps, thetas, series, marks))));
    }
  }

  /**
   * Uploads image, trace, plot, candidates and manifest, presigns them, and publishes
   * job.completed.
   */
  void complete(TestWorker worker, EmbeddedS3 s3) throws Exception {
    MinioClient client = s3.client();
    String bucket = "scalingar";
    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    JobCompleted.ObjectKeys keys = JobCompleted.ObjectKeys.forJob(jobId);
    put(client, bucket, keys.image(), png(render(7).upscale(4)), "image/png");
    put(client, bucket, keys.candidates(), png(sheet()), "image/png");
    put(
        client,
        bucket,
        keys.confidencePlot(),
        png(RgbImage.filled(256, 128, 0xFFFFFF)),
        "image/png");
    put(client, bucket, keys.trace(), WireCodec.encode("trace", trace()), "application/json");
    put(
        client,
        bucket,
        keys.manifest(),
        ("{\"job_id\": \"" + jobId + "\"}").getBytes(),
        "application/json");
    JobCompleted.ObjectKeys urls =
        new JobCompleted.ObjectKeys(
            url(client, bucket, keys.image()),
            url(client, bucket, keys.trace()),
            url(client, bucket, keys.confidencePlot()),
            url(client, bucket, keys.candidates()),
            url(client, bucket, keys.manifest()));
    long used = tokensUpTo(STEPS);
    worker.publish(
        WireEvents.eventId(jobId, EventType.JOB_COMPLETED),
        new JobCompleted(
            jobId,
            tenant,
            bucket,
            keys,
            urls,
            Instant.now().plusSeconds(3600),
            CHOSEN,
            OptionalDouble.of(c(CHOSEN, STEPS - 1)),
            1,
            new JobCompleted.Tokens(used, 2 * used, (long) N * STEPS),
            new JobCompleted.Timings(1, 1000, 10)));
  }

  private static long tokensUpTo(int step) {
    long n = 0;
    for (int s = 0; s < step; s++) {
      for (int t = 0; t < N; t++) {
        n += ran(t, s) ? 1 : 0;
      }
    }
    return n;
  }

  private Trace trace() {
    List<TraceRecord> records = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      for (int t = 0; t < N; t++) {
        if (ran(t, s)) {
          records.add(
              new TraceRecord(
                  t,
                  s,
                  1,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  c(t, s),
                  null,
                  null,
                  theta(s),
                  4.0,
                  event(t, s)));
        }
      }
    }
    return new Trace(jobId, "scalingar", N, new Trace.Grid(8, 8), OptionalInt.of(CHOSEN), records);
  }

  private static RgbImage render(long seed) {
    return Renderer.render(PromptParser.parse(PROMPT), seed);
  }

  /** 2 × 2 renders, as the worker's candidate sheet shows every trajectory's last grid. */
  private static RgbImage sheet() {
    int size = Renderer.SIZE * 2;
    int[] pixels = new int[4 * size * size];
    for (int t = 0; t < N; t++) {
      RgbImage one = render(t + 1).upscale(2);
      int ox = (t % 2) * size;
      int oy = (t / 2) * size;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          pixels[(oy + y) * 2 * size + ox + x] = one.rgb(x, y);
        }
      }
    }
    return new RgbImage(2 * size, 2 * size, pixels);
  }

  private static byte[] png(RgbImage image) throws IOException {
    BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    b.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(b, "png", out);
    return out.toByteArray();
  }

  private static void put(MinioClient c, String bucket, String key, byte[] bytes, String type)
      throws Exception {
    c.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .contentType(type)
            .build());
  }

  private static String url(MinioClient c, String bucket, String key) throws Exception {
    return c.getPresignedObjectUrl(
        GetPresignedObjectUrlArgs.builder()
            .method(Method.GET)
            .bucket(bucket)
            .object(key)
            .expiry(1, TimeUnit.HOURS)
            .build());
  }
}
