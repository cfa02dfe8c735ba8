package dev.scalingar.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a decoding step's time goes as the JVM sees it: Java Flight Recorder's method sampling over
 * repeated steps on the calling thread. A sample in Java code is our planning and index building
 * and DJL's NDArray and NDManager bookkeeping; a sample inside a native method is a JNI call into
 * PyTorch (its operator and the dispatch around it). Both samplers run at the same period, so their
 * counts split the step's time; native samples are grouped by the JNI method and by the first of
 * our methods on the stack, which says which part of the model called it. PyTorch's own profiler
 * ({@link StepProfile}) then splits the native side per operator.
 */
public final class StepSamples {

  /** The sampling period of both samplers. */
  static final Duration PERIOD = Duration.ofMillis(10);

  private static final String JAVA = "jdk.ExecutionSample";
  private static final String NATIVE = "jdk.NativeMethodSample";

  /** Native samples of one JNI method called from one of our methods. */
  public record Site(String nativeMethod, String caller, int samples) {}

  /**
   * @param nativeShare native samples over all samples: the share of the step spent in JNI calls
   * @param sites native samples by JNI method and caller, most first
   */
  public record Figures(
      int steps,
      double msPerStep,
      int javaSamples,
      int nativeSamples,
      double nativeShare,
      List<Site> sites) {}

  private StepSamples() {}

  /**
   * Runs {@code step} repeatedly for at least {@code duration} under a recording and summarises the
   * samples of this thread; the recording is kept at {@code jfr} (it opens in JDK Mission Control
   * or {@code jfr print}).
   */
  public static Figures run(Runnable step, Duration duration, Path jfr) throws IOException {
    Configuration profile;
    try {
      profile = Configuration.getConfiguration("profile");
    } catch (ParseException e) {
      throw new IOException("the JDK's JFR 'profile' configuration does not parse", e);
    }
    int steps = 0;
    long elapsed;
    try (Recording recording = new Recording(profile)) {
      recording.enable(JAVA).withPeriod(PERIOD);
      recording.enable(NATIVE).withPeriod(PERIOD);
      recording.start();
      long t0 = System.nanoTime();
      do {
        step.run();
        steps++;
        elapsed = System.nanoTime() - t0;
      } while (elapsed < duration.toNanos());
      recording.stop();
      Path parent = jfr.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      recording.dump(jfr);
    }
    return summarise(jfr, Thread.currentThread().getId(), steps, elapsed / 1e6 / steps);
  }

  /** Counts the samples of thread {@code threadId} in a recording. */
  static Figures summarise(Path jfr, long threadId, int steps, double msPerStep)
      throws IOException {
    int java = 0;
    int nativeSamples = 0;
    Map<List<String>, Integer> sites = new HashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      String type = e.getEventType().getName();
      boolean isJava = type.equals(JAVA);
      if (!isJava && !type.equals(NATIVE)) {
        continue;
      }
      var sampled = e.getThread("sampledThread");
      if (sampled == null || sampled.getJavaThreadId() != threadId || e.getStackTrace() == null) {
        continue;
      }
      if (isJava) {
        java++;
        continue;
      }
      nativeSamples++;
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      String top = frames.isEmpty() ? "?" : name(frames.get(0));
      String caller =
          frames.stream()
              .filter(f -> f.getMethod().getType().getName().startsWith("dev.scalingar."))
              .map(StepSamples::name)
              .findFirst()
              .orElse("-");
      sites.merge(List.of(top, caller), 1, Integer::sum);
    }
    int total = java + nativeSamples;
    List<Site> bySamples =
        sites.entrySet().stream()
            .map(s -> new Site(s.getKey().get(0), s.getKey().get(1), s.getValue()))
            .sorted(Comparator.comparingInt(Site::samples).reversed().thenComparing(Site::caller))
            .toList();
    return new Figures(
        steps,
        msPerStep,
        java,
        nativeSamples,
        total == 0 ? 0 : (double) nativeSamples / total,
        bySamples);
  }

  /** Class (without its package) and method. */
  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }
}
