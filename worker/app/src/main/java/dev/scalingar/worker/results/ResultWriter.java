package dev.scalingar.worker.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.engine.StepReport;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ModelInfo;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.schemas.WireCodec;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.trace.Trace;
import dev.scalingar.schemas.trace.TraceEvent;
import dev.scalingar.schemas.trace.TraceRecord;
import dev.scalingar.worker.ServedSampler;
import dev.scalingar.worker.kafka.JobCoordinates;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import javax.imageio.ImageIO;

/**
 * Turns a finished job into its five objects in two halves: {@link #decode} on the engine's thread
 * (the model is single-threaded: tokens to pixels, the selected grid and every candidate's), and
 * {@link #encode} anywhere else (PNG encoding, the trace JSON, the confidence plot, the candidate
 * sheet, the manifest's hashes), so the loop thread runs only the engine and Kafka. The image and
 * the trace depend only on the job's tokens, so a redelivered job writes the same bytes.
 */
public final class ResultWriter {

  /**
   * Images smaller than this are upscaled for people by a whole factor (nearest neighbour): a
   * ShapesWorld grid decodes to 64 px. A model's native size at or above it (LlamaGen's 256, 384 or
   * 512 px) is kept as decoded, never resampled.
   */
  static final int IMAGE_SIDE = 256;

  private final ImageModel model;
  private final ModelInfo info; // read once: encode() runs off the model's thread
  private final String worker;

  private final ServedSampler sampler;

  public ResultWriter(ImageModel model, String worker) {
    this(model, worker, ServedSampler.PAPER);
  }

  public ResultWriter(ImageModel model, String worker, ServedSampler sampler) {
    this.model = model;
    this.info = model.info();
    this.worker = worker;
    this.sampler = sampler;
  }

  /**
   * A finished job's pixels: what needs the model. Never written once made, so it may cross
   * threads.
   */
  public record Decoded(BufferedImage image, List<CandidateSheet.Candidate> candidates) {}

  /** Both halves on the calling thread. */
  public JobArtifacts write(StepReport.Finished<JobCoordinates> f) {
    return encode(f, decode(f));
  }

  /**
   * On the engine's thread: the model decodes the selected grid and every trajectory's last grid.
   */
  public Decoded decode(StepReport.Finished<JobCoordinates> f) {
    return new Decoded(model.decode(f.outcome().tokens()), candidates(f.outcome()));
  }

  /** On any thread: the five objects' bytes. Uses the model's description only, never the model. */
  public JobArtifacts encode(StepReport.Finished<JobCoordinates> f, Decoded decoded) {
    JobCoordinates at = f.job().attachment();
    String jobId = f.job().jobId();
    JobOutcome outcome = f.outcome();
    byte[] image = png(upscale(decoded.image()));
    List<TraceRecord> records =
        traceRecords(
            f.trace(),
            outcome.selectedTrajectory(),
            f.trace().isEmpty() ? 0 : f.trace().get(f.trace().size() - 1).step());
    Trace trace =
        new Trace(
            jobId,
            f.job().strategy().name(),
            outcome.trajectories().size(),
            new Trace.Grid(info.gridH(), info.gridW()),
            OptionalInt.of(outcome.selectedTrajectory()),
            records,
            Trace.VERSION,
            sampler.traceFor(at.request().spec().strategy()));
    byte[] traceJson = WireCodec.encode("trace", trace);
    byte[] plot =
        ConfidencePlot.png(
            jobId + " · " + f.job().strategy().name() + " · \"" + f.job().prompt() + "\"",
            records,
            OptionalInt.of(outcome.selectedTrajectory()));
    byte[] sheet = CandidateSheet.png(decoded.candidates());
    byte[] manifest = manifest(f, at, image, traceJson);
    return new JobArtifacts(image, traceJson, plot, sheet, manifest);
  }

  public static List<TraceRecord> traceRecords(List<TraceRow> rows, int selected, int lastStep) {
    List<TraceRecord> out = new ArrayList<>(rows.size());
    for (TraceRow r : rows) {
      TraceEvent event =
          r.event() == null || r.event() == dev.scalingar.sampler.TraceEvent.NONE
              ? null
              : TraceEvent.valueOf(r.event().name());
      if (event == null && r.trajectory() == selected && r.step() == lastStep) {
        event = TraceEvent.SELECTED;
      }
      out.add(
          new TraceRecord(
              r.trajectory(),
              r.step(),
              r.token(),
              n(r.hn()),
              n(r.m()),
              n(r.u()),
              n(r.stok()),
              n(r.e()),
              n(r.b()),
              n(r.i()),
              n(r.k()),
              n(r.d()),
              n(r.c()),
              n(r.cmin()),
              n(r.r()),
              n(r.theta()),
              r.cfgScale(),
              event,
              n(r.surprisal()),
              n(r.cPaper())));
    }
    return out;
  }

  private static Double n(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private List<CandidateSheet.Candidate> candidates(JobOutcome outcome) {
    int l = model.info().totalSteps();
    List<CandidateSheet.Candidate> out = new ArrayList<>();
    for (TrajectorySummary s : outcome.trajectories()) {
      // A pruned trajectory's grid stops early; the rest is drawn as token 0 (ShapesWorld:
      // background).
      int[] grid = new int[l];
      int[] tokens = s.tokens();
      System.arraycopy(tokens, 0, grid, 0, Math.min(l, tokens.length));
      String caption =
          String.format(
              Locale.ROOT,
              "%s at %d/%d, C %.3f",
              s.end().name().toLowerCase(Locale.ROOT),
              s.steps(),
              l,
              s.finalConfidence());
      out.add(
          new CandidateSheet.Candidate(
              s.trajectory(),
              model.decode(grid),
              caption,
              s.trajectory() == outcome.selectedTrajectory()));
    }
    return out;
  }

  private byte[] manifest(
      StepReport.Finished<JobCoordinates> f, JobCoordinates at, byte[] image, byte[] trace) {
    JobOutcome o = f.outcome();
    ObjectNode m = WireCodec.mapper().createObjectNode();
    m.put("job_id", f.job().jobId())
        .put("tenant", at.request().tenant())
        .put("prompt", f.job().prompt())
        .put("model", info.name())
        .put("strategy", f.job().strategy().name())
        .put("n", o.accounting().trajectoriesStarted())
        .put("seed", f.job().sampling().seed())
        .put("cfg_scale", f.job().sampling().baseCfgScale())
        .put("chosen_trajectory", o.selectedTrajectory())
        .put("chosen_confidence", o.selectedConfidence())
        .put("worker", worker)
        .put("attempt", at.attempt())
        .put("created_at", Instant.now().toString());
    m.putObject("tokens")
        .put("visual_tokens", o.accounting().visualTokens())
        .put("row_steps", o.accounting().rowSteps())
        .put("full_bon_tokens", o.accounting().fullBestOfNTokens())
        .put("ended_early", o.accounting().trajectoriesEndedEarly());
    m.putObject("timings")
        .put("queued_ms", f.queuedNanos() / 1_000_000)
        .put("run_ms", f.runNanos() / 1_000_000);
    var keys = JobCompleted.ObjectKeys.forJob(f.job().jobId());
    m.putObject("objects").put(keys.image(), sha256(image)).put(keys.trace(), sha256(trace));
    try {
      return WireCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage upscale(BufferedImage src) {
    int side = Math.max(src.getWidth(), src.getHeight());
    if (side >= IMAGE_SIDE) {
      return src;
    }
    int factor = (IMAGE_SIDE + side - 1) / side;
    int w = src.getWidth() * factor, h = src.getHeight() * factor;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(src.getScaledInstance(w, h, Image.SCALE_REPLICATE), 0, 0, null);
    return out;
  }

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
