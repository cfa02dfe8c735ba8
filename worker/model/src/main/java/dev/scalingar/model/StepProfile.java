package dev.scalingar.model;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.engine.model.ImageModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a decoding step's time goes: the same lockstep steps timed plainly and then under PyTorch's
 * own profiler (DJL exposes it as {@link JniUtils#startProfile}), whose Chrome trace is read back
 * and summed per operator (self time: an operator's time less the operators it called) and per
 * kind. The time a step spends outside every PyTorch operator — JNI crossings, DJL's NDArray and
 * NDScope bookkeeping, Java allocation — is the profiled wall time less the top-level operators'
 * time; it includes the profiler's own recording, so it is an upper bound.
 */
public final class StepProfile {

  /** One operator's share of a step. */
  public record OpTime(String op, String kind, double callsPerStep, double selfMsPerStep) {}

  /**
   * Time per kind of operator (matmul, gather/scatter, elementwise, reduction, view/copy,
   * allocation, other).
   */
  public record KindTime(String kind, double callsPerStep, double selfMsPerStep) {}

  /**
   * @param wallMsPerStep without the profiler
   * @param profiledMsPerStep with it
   * @param opsMsPerStep the top-level PyTorch operators' time per profiled step
   * @param outsideOpsMsPerStep profiled wall less operators: the framework's own cost per step
   * @param topLevelOpsPerStep PyTorch operators called from Java per step (each at least one JNI
   *     crossing)
   */
  public record Figures(
      String model,
      int rows,
      int steps,
      double wallMsPerStep,
      double profiledMsPerStep,
      double opsMsPerStep,
      double outsideOpsMsPerStep,
      double topLevelOpsPerStep,
      List<KindTime> kinds,
      List<OpTime> ops) {}

  private StepProfile() {}

  /** Profiles {@code steps} decoding steps of {@link #lockstep} rows. */
  public static Figures run(TransformerImageModel model, int rows, int steps, Path trace)
      throws IOException {
    ModelArgs a = model.transformer().args();
    List<ImageModel.Decode> decode = lockstep(model, rows);
    for (int k = 0; k < 5; k++) {
      model.step(decode);
    }
    long t0 = System.nanoTime();
    for (int k = 0; k < steps; k++) {
      model.step(decode);
    }
    double wall = (System.nanoTime() - t0) / 1e6 / steps;
    Files.createDirectories(trace.toAbsolutePath().getParent());
    JniUtils.startProfile(false, false, false);
    long t1 = System.nanoTime();
    for (int k = 0; k < steps; k++) {
      model.step(decode);
    }
    double profiled = (System.nanoTime() - t1) / 1e6 / steps;
    JniUtils.stopProfile(trace.toString());
    return summarise(
        a.name(), rows, steps, wall, profiled, new ObjectMapper().readTree(trace.toFile()));
  }

  /**
   * The profiled step: {@code rows} model rows (rows/2 trajectories) in lockstep at one position,
   * as one job's trajectories are, so one call.
   */
  public static List<ImageModel.Decode> lockstep(TransformerImageModel model, int rows) {
    ModelArgs a = model.transformer().args();
    SplittableRandom random = new SplittableRandom(3);
    List<ImageModel.Decode> decode = new ArrayList<>();
    int position = random.nextInt(a.blockSize() / 2);
    for (int i = 0; i < rows / 2; i++) {
      decode.add(
          new ImageModel.Decode(
              new ImageModel.Rows(2 * i, 2 * i + 1), position, random.nextInt(a.vocabSize())));
    }
    return decode;
  }

  private record Event(String name, double start, double end, long tid) {}

  /**
   * Sums a Chrome trace of {@code steps} steps: self time per operator, top-level time, top-level
   * count.
   */
  static Figures summarise(
      String model, int rows, int steps, double wall, double profiled, JsonNode trace) {
    List<Event> events = new ArrayList<>();
    for (JsonNode e : trace) {
      if ("X".equals(e.path("ph").asText())) {
        double ts = e.path("ts").asDouble();
        events.add(
            new Event(
                e.path("name").asText(),
                ts,
                ts + e.path("dur").asDouble(),
                e.path("tid").asLong()));
      }
    }
    // Nesting by time on each thread: sorted by start (longest first on ties), a stack of open
    // events.
    events.sort(
        Comparator.comparingLong(Event::tid)
            .thenComparingDouble(Event::start)
            .thenComparing(Comparator.comparingDouble(Event::end).reversed()));
    Map<String, double[]> self = new HashMap<>(); // name -> {calls, self µs}
    double topLevel = 0;
    long topLevelCount = 0;
    List<Event> stack = new ArrayList<>();
    Map<Event, Double> childTime = new HashMap<>();
    long tid = Long.MIN_VALUE;
    for (Event e : events) {
      if (e.tid() != tid) {
        closeAll(stack, childTime, self);
        tid = e.tid();
      }
      while (!stack.isEmpty() && stack.get(stack.size() - 1).end() <= e.start()) {
        close(stack, childTime, self);
      }
      if (stack.isEmpty()) {
        topLevel += e.end() - e.start();
        topLevelCount++;
      } else {
        childTime.merge(stack.get(stack.size() - 1), e.end() - e.start(), Double::sum);
      }
      stack.add(e);
    }
    closeAll(stack, childTime, self);
    List<OpTime> ops = new ArrayList<>();
    Map<String, double[]> kinds = new HashMap<>();
    for (var e : self.entrySet()) {
      String kind = kindOf(e.getKey());
      ops.add(new OpTime(e.getKey(), kind, e.getValue()[0] / steps, e.getValue()[1] / 1e3 / steps));
      double[] k = kinds.computeIfAbsent(kind, x -> new double[2]);
      k[0] += e.getValue()[0];
      k[1] += e.getValue()[1];
    }
    ops.sort(Comparator.comparingDouble(OpTime::selfMsPerStep).reversed());
    List<KindTime> kindTimes = new ArrayList<>();
    kinds.forEach((k, v) -> kindTimes.add(new KindTime(k, v[0] / steps, v[1] / 1e3 / steps)));
    kindTimes.sort(Comparator.comparingDouble(KindTime::selfMsPerStep).reversed());
    double opsMs = topLevel / 1e3 / steps;
    return new Figures(
        model,
        rows,
        steps,
        wall,
        profiled,
        opsMs,
        Math.max(0, profiled - opsMs),
        (double) topLevelCount / steps,
        List.copyOf(kindTimes),
        List.copyOf(ops));
  }

  private static void closeAll(
      List<Event> stack, Map<Event, Double> childTime, Map<String, double[]> self) {
    while (!stack.isEmpty()) {
      close(stack, childTime, self);
    }
  }

  private static void close(
      List<Event> stack, Map<Event, Double> childTime, Map<String, double[]> self) {
    Event e = stack.remove(stack.size() - 1);
    double[] s = self.computeIfAbsent(e.name(), x -> new double[2]);
    s[0]++;
    s[1] += (e.end() - e.start()) - childTime.getOrDefault(e, 0.0);
    childTime.remove(e);
  }

  /** The kind of an ATen operator, for the per-kind table. */
  static String kindOf(String op) {
    String n = op.startsWith("aten::") ? op.substring(6) : op;
    if (n.matches("mm|bmm|matmul|addmm|baddbmm|linear|dot")) return "matmul";
    if (n.matches(
        "index|index_put_?|_index_put_impl_|index_select|gather|scatter_?|embedding|take|masked_select"))
      return "gather/scatter";
    if (n.matches("softmax|_softmax|sum|mean|max|min|argmax|amax|var|norm|_log_softmax"))
      return "reduction";
    if (n.matches(
        "view|reshape|_reshape_alias|transpose|permute|as_strided|expand|squeeze|unsqueeze|slice|select|split"
            + "|narrow|t|alias|unbind|chunk|_unsafe_view|contiguous|clone|copy_|to|_to_copy|detach|resolve_conj|resolve_neg|lift_fresh"
            + "|cat|stack|repeat|repeat_interleave")) {
      return "view/copy";
    }
    if (n.matches(
        "empty|empty_strided|zeros|ones|full|arange|resize_|zero_|fill_|eye|randn|normal_|empty_like|zeros_like|ones_like|from_blob")) {
      return "allocation";
    }
    if (n.matches(
        "add_?|sub_?|mul_?|div_?|neg|sqrt|rsqrt|pow|exp|log|sigmoid|tanh|silu|gelu|relu|square|gt|lt|ge|le|eq|where"
            + "|abs|clamp|reciprocal|masked_fill_?")) {
      return "elementwise";
    }
    return "other";
  }
}
