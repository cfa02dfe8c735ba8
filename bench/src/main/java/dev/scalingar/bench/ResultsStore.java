package dev.scalingar.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's state in its output folder: {@code bench.json} (the settings), {@code
 * results.jsonl} (one judged job per line) and {@code runs.jsonl} (timing segments). Lines are
 * appended and flushed as jobs finish, so an interrupted run loses at most the jobs in flight; a
 * torn last line (killed mid-write) is ignored on resume.
 */
public final class ResultsStore {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.INDENT_OUTPUT, false);

  private final Path dir;
  private final List<JobRecord> jobs = new ArrayList<>();
  private final List<RunSegment> segments = new ArrayList<>();
  private final Set<String> done = new HashSet<>();

  /** Settings a folder's results were made with. */
  public record Settings(String fingerprint, String model) {}

  private ResultsStore(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens {@code dir}, resuming what is there when it was made with the same settings.
   *
   * @param fresh drop earlier results instead of resuming
   * @throws IllegalStateException when earlier results were made with other settings
   */
  public static ResultsStore open(Path dir, Settings settings, boolean fresh) throws IOException {
    Files.createDirectories(dir);
    ResultsStore store = new ResultsStore(dir);
    Path settingsFile = dir.resolve("bench.json");
    if (fresh) {
      Files.deleteIfExists(store.results());
      Files.deleteIfExists(store.runs());
    } else if (Files.exists(settingsFile) && Files.exists(store.results())) {
      Settings before = JSON.readValue(settingsFile.toFile(), Settings.class);
      if (!before.equals(settings)) {
        throw new IllegalStateException(
            "the results in "
                + dir
                + " were made with other settings ("
                + before.fingerprint()
                + ", model "
                + before.model()
                + "); now "
                + settings.fingerprint()
                + ", model "
                + settings.model()
                + ". Use --fresh to start over or another --out");
      }
      store.load();
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(settingsFile.toFile(), settings);
    return store;
  }

  private Path results() {
    return dir.resolve("results.jsonl");
  }

  private Path runs() {
    return dir.resolve("runs.jsonl");
  }

  private void load() throws IOException {
    for (String line : lines(results())) {
      JobRecord r = JSON.readValue(line, JobRecord.class);
      if (done.add(key(r.arm(), r.prompt()))) jobs.add(r);
    }
    if (Files.exists(runs())) {
      for (String line : lines(runs())) segments.add(JSON.readValue(line, RunSegment.class));
    }
  }

  /** The file's complete lines: a torn last line has no newline yet and is dropped. */
  private static List<String> lines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < text.length() - 1)
      Files.writeString(file, text.substring(0, end + 1), StandardCharsets.UTF_8); // torn tail
    if (end < 0) return List.of();
    return text.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
  }

  private static String key(String arm, int prompt) {
    return arm + "#" + prompt;
  }

  public boolean has(String arm, int prompt) {
    return done.contains(key(arm, prompt));
  }

  public synchronized void append(List<JobRecord> records) {
    for (JobRecord r : records) {
      if (done.add(key(r.arm(), r.prompt()))) jobs.add(r);
    }
    write(results(), records);
  }

  public synchronized void append(RunSegment segment) {
    segments.add(segment);
    write(runs(), List.of(segment));
  }

  private static void write(Path file, List<?> values) {
    try (BufferedWriter w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (Object v : values) {
        w.write(JSON.writeValueAsString(v));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  public synchronized List<JobRecord> jobs() {
    return List.copyOf(jobs);
  }

  public synchronized List<RunSegment> segments() {
    return List.copyOf(segments);
  }

  public Path dir() {
    return dir;
  }
}
