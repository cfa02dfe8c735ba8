package dev.scalingar.worker.testhook;

import dev.scalingar.engine.model.ForwardingImageModel;
import dev.scalingar.engine.model.ImageModel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TEST ONLY: the poison step of {@code ./scalingar chaos}. When {@value #VARIABLE} names a prompt,
 * every trajectory of a job with exactly that prompt gets NaN logits from image position {@value
 * #FROM_POSITION} on, so the job fails in the engine as a model fault would, on every attempt,
 * while every other job beside it runs as usual.
 *
 * <p>Why an environment variable of the worker, and why it cannot be reached from the public API:
 * the gateway only ever writes a job record (prompt, n, strategy, seed) to Kafka; it sets no worker
 * environment and no worker reads anything else from a job to switch behaviour on. Only whoever
 * starts the worker process can set the variable, and the chaos runner is the only code that does.
 * Refused in production: {@link #fromEnvironment} fails the worker's start (exit 2, as any
 * configuration error) when the variable is set and the broker is not on loopback, which every real
 * deployment's is not (the Kubernetes overlays point at the Strimzi cluster), or when the worker
 * runs on a GPU. A prompt the hook names is a normal, valid prompt for every worker without the
 * variable.
 */
public final class NanPromptHook {

  public static final String VARIABLE = "SCALINGAR_TEST_NAN_PROMPT";

  /** After a few steps, as a numerical blow-up mid-image would, not at prefill. */
  public static final int FROM_POSITION = 5;

  private NanPromptHook() {}

  /**
   * The prompt to poison, when the variable is set; refused (IllegalArgumentException) outside a
   * loopback-only test stack.
   */
  public static Optional<String> fromEnvironment(
      Map<String, String> env, String bootstrapServers, String device) {
    String prompt = env.getOrDefault(VARIABLE, "").trim();
    if (prompt.isEmpty()) {
      return Optional.empty();
    }
    if (!device.equals("cpu") || !allLoopback(bootstrapServers)) {
      throw new IllegalArgumentException(
          VARIABLE
              + " is a test hook of ./scalingar chaos and runs only on a CPU worker of a loopback stack;"
              + " unset it (KAFKA_BOOTSTRAP_SERVERS="
              + bootstrapServers
              + ", SCALINGAR_DEVICE="
              + device
              + ")");
    }
    return Optional.of(prompt);
  }

  static boolean allLoopback(String bootstrapServers) {
    for (String server : bootstrapServers.split(",")) {
      String host = server.trim().replaceFirst(":[0-9]+$", "").replaceAll("[\\[\\]]", "");
      try {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
          return false;
        }
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return true;
  }

  /** {@code model} with the trajectories of {@code prompt}'s jobs poisoned. */
  public static ImageModel wrap(ImageModel model, String prompt) {
    return new Poisoned(model, prompt.toLowerCase(Locale.ROOT));
  }

  /** Tracks which conditional rows hold the poisoned prompt, from prefill until release. */
  private static final class Poisoned extends ForwardingImageModel {
    private final String prompt;
    private final Set<Integer> rows = new HashSet<>();

    Poisoned(ImageModel model, String prompt) {
      super(model);
      this.prompt = prompt;
    }

    @Override
    public GuidedLogits prefill(List<Prefill> trajectories) {
      return forward(trajectories, List.of()).prefill();
    }

    @Override
    public GuidedLogits step(List<Decode> trajectories) {
      return forward(List.of(), trajectories).decode();
    }

    @Override
    public StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
      track(prefills);
      StepLogits out = model.forward(prefills, decodes);
      return decodes.isEmpty() ? out : new StepLogits(out.prefill(), poison(decodes, out.decode()));
    }

    private void track(List<Prefill> trajectories) {
      for (Prefill p : trajectories) {
        if (p.prompt().trim().toLowerCase(Locale.ROOT).equals(prompt)) {
          rows.add(p.rows().cond());
        } else {
          rows.remove(p.rows().cond());
        }
      }
    }

    private GuidedLogits poison(List<Decode> trajectories, GuidedLogits out) {
      for (int i = 0; i < trajectories.size(); i++) {
        Decode d = trajectories.get(i);
        if (d.position() + 1 >= FROM_POSITION && rows.contains(d.rows().cond())) {
          Arrays.fill(out.cond()[i], Float.NaN);
          Arrays.fill(out.uncond()[i], Float.NaN);
        }
      }
      return out;
    }

    @Override
    public void release(int... released) {
      for (int r : released) {
        rows.remove(r);
      }
      model.release(released);
    }

    @Override
    public void copyRow(int src, int dst) {
      if (rows.contains(src)) {
        rows.add(dst);
      } else {
        rows.remove(dst);
      }
      model.copyRow(src, dst);
    }
  }
}
