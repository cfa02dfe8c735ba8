package dev.scalingar.bench.simulate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.scalingar.bench.BenchOptions;
import dev.scalingar.bench.BenchRunner;
import dev.scalingar.bench.JobRecord;
import dev.scalingar.sampler.SamplerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * When a job's trajectories end, as the benchmark recorded them: one entry per judged job, the
 * steps each of its N trajectories ran before it was pruned or finished ({@link
 * JobRecord.TrajectoryRecord#steps()}). A trajectory with {@code s} steps holds its slot for the
 * job's first {@code s} steps; the job ends when its last trajectory does.
 *
 * <p>The shipped profiles ({@link #RESOURCE}) are {@link #extract extracted} from the evaluation
 * run kept in {@code docs/bench/v2/state/results.jsonl.gz} ({@code ./scalingar bench --model
 * shapes-v2 --set eval}, seed 1, 300 prompts) by {@code ./scalingar simulate-fleet --profiles
 * RESULTS --write-profiles FILE}: {@code scalingar} (the served gate, what the fleet and {@code
 * bench-fleet} run: accuracy 0.687 at 0.288 × best-of-N's tokens), {@code scalingar_tuned} (the
 * dev-tuned gate of shapes-v1, for comparison) and {@code bon} (nothing pruned). Jobs are kept in
 * the order {@code bench-fleet} submits its prompts, so the first K of an arm are exactly
 * bench-fleet's K jobs.
 *
 * @param arm the bench arm
 * @param gridSteps steps of a full trajectory (L) the profile was recorded at
 * @param accuracy ShapesEval accuracy of the arm over these jobs (selected image correct)
 * @param jobs each job's trajectory lengths in steps, in bench-fleet's submission order
 */
public record PruningProfile(String arm, int gridSteps, double accuracy, List<int[]> jobs) {

  /** The extracted profiles shipped with the simulator. */
  public static final String RESOURCE = "/dev/scalingar/bench/simulate/pruning-profiles.json";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The arms the shipped resource holds. */
  public static final List<String> ARMS = List.of("scalingar", "scalingar_tuned", "bon");

  public PruningProfile {
    if (jobs.isEmpty() || gridSteps < 1) {
      throw new IllegalArgumentException("a profile needs jobs and gridSteps >= 1: " + arm);
    }
    jobs = List.copyOf(jobs);
  }

  /** The file form: one job, its prompt and task for tracing it back to the records. */
  record StoredJob(int prompt, String task, boolean correct, int[] steps) {}

  record StoredArm(String arm, int gridSteps, List<StoredJob> jobs) {}

  /** The resource: where it came from and the arms. */
  record Stored(String source, List<StoredArm> arms) {}

  /** Trajectories per job (N) of the first recorded job. */
  public int n() {
    return jobs.get(0).length;
  }

  /** Mean trajectory-steps per job (the visual tokens the arm spends). */
  public double meanTrajectorySteps() {
    return jobs.stream().mapToLong(j -> Arrays.stream(j).asLongStream().sum()).average().orElse(0);
  }

  /**
   * One job's trajectory lengths for a job of {@code steps} steps: a recorded job drawn at random,
   * its lengths scaled from {@link #gridSteps} to {@code steps} when they differ (a pruned
   * trajectory ends at the same fraction of the image).
   */
  public int[] sample(SplittableRandom random, int steps) {
    return scaled(jobs.get(random.nextInt(jobs.size())), steps);
  }

  /** The i-th recorded job (bench-fleet's i-th), scaled to {@code steps}. */
  public int[] job(int i, int steps) {
    return scaled(jobs.get(i % jobs.size()), steps);
  }

  private int[] scaled(int[] recorded, int steps) {
    if (steps == gridSteps) {
      return recorded.clone();
    }
    return Arrays.stream(recorded)
        .map(s -> Math.max(1, Math.min(steps, (int) Math.round((double) s * steps / gridSteps))))
        .toArray();
  }

  /** Best-of-N: N trajectories that all run the whole grid. */
  public static PruningProfile bestOfN(int n, int gridSteps, double accuracy) {
    int[] all = new int[n];
    Arrays.fill(all, gridSteps);
    return new PruningProfile("bon", gridSteps, accuracy, List.of(all));
  }

  /** The shipped profiles by arm. */
  public static Map<String, PruningProfile> shipped() {
    try (InputStream in = PruningProfile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return fromStored(JSON.readValue(in, Stored.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, PruningProfile> fromStored(Stored stored) {
    Map<String, PruningProfile> out = new java.util.LinkedHashMap<>();
    for (StoredArm a : stored.arms()) {
      double accuracy =
          a.jobs().stream().filter(StoredJob::correct).count() / (double) a.jobs().size();
      out.put(
          a.arm(),
          new PruningProfile(
              a.arm(), a.gridSteps(), accuracy, a.jobs().stream().map(StoredJob::steps).toList()));
    }
    return out;
  }

  /**
   * Reads a bench's {@code results.jsonl} (or {@code .jsonl.gz}) and keeps, for each of {@code
   * arms}, every job's trajectory lengths, in the order bench-fleet submits the prompts of {@code
   * set}.
   */
  public static Stored extract(Path results, String set, List<String> arms) throws IOException {
    Map<String, Map<Integer, JobRecord>> byArm = new HashMap<>();
    InputStream raw = Files.newInputStream(results);
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                results.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw,
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JobRecord r;
        try {
          r = JSON.readValue(line, JobRecord.class);
        } catch (IOException torn) {
          continue; // a torn last line, as ResultsStore ignores it
        }
        if (arms.contains(r.arm())) {
          byArm.computeIfAbsent(r.arm(), k -> new HashMap<>()).put(r.prompt(), r);
        }
      }
    }
    List<BenchRunner.Prompt> order =
        BenchRunner.prompts(
            new BenchOptions(
                set,
                Integer.MAX_VALUE,
                List.of(),
                8,
                List.of(),
                List.of(),
                false,
                1,
                64,
                List.of(),
                SamplerConfig.paperDefaults()));
    List<StoredArm> stored = new ArrayList<>();
    for (String arm : arms) {
      Map<Integer, JobRecord> jobs = byArm.getOrDefault(arm, Map.of());
      if (jobs.isEmpty()) {
        throw new IllegalArgumentException(results + " holds no jobs of arm " + arm);
      }
      List<StoredJob> list = new ArrayList<>();
      int grid = 0;
      for (BenchRunner.Prompt p : order) {
        JobRecord r = jobs.get(p.index());
        if (r == null) {
          continue;
        }
        int[] steps =
            r.trajectories().stream().mapToInt(JobRecord.TrajectoryRecord::steps).toArray();
        grid = Math.max(grid, Arrays.stream(steps).max().orElse(0));
        list.add(new StoredJob(r.prompt(), r.task(), r.correct(), steps));
      }
      stored.add(new StoredArm(arm, grid, list));
    }
    return new Stored(
        results.getFileName() + " (" + set + " set, arms " + String.join(", ", arms) + ")", stored);
  }

  /**
   * Writes the extract of {@code results} in the shipped resource's form, so the resource is
   * regenerated by a command ({@code simulate-fleet --profiles RESULTS --write-profiles FILE}) and
   * not by hand. {@code source} says which run it came from.
   */
  public static void writeExtract(Path results, String source, Path file) throws IOException {
    Stored s = extract(results, "eval", ARMS);
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), new Stored(source, s.arms()));
  }

  /** Profiles read straight from a bench's records instead of the shipped resource. */
  public static Map<String, PruningProfile> fromResults(Path results) throws IOException {
    return fromStored(extract(results, "eval", ARMS));
  }
}
