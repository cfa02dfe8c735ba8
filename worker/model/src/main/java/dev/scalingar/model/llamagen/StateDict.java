package dev.scalingar.model.llamagen;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The model weights of an unpickled checkpoint, by name, checked against a configuration.
 * LlamaGen's scripts save {@code {"model", "optimizer", "steps", "args"}} (plus {@code "ema"},
 * {@code "discriminator"}, ... where used); its samplers read {@code "model"}, {@code "ema"},
 * {@code "module"} or {@code "state_dict"}. Names lose the {@code module.} (DDP) and {@code
 * _orig_mod.} (torch.compile) prefixes.
 */
public final class StateDict {

  private static final List<String> ENTRIES = List.of("model", "module", "state_dict");

  private StateDict() {}

  /**
   * The chosen state dict: {@code "ema"} when asked, else the first of model / module / state_dict.
   */
  public static Map<String, TensorRef> pick(Object root, boolean ema, String source) {
    if (!(root instanceof Map<?, ?> top)) {
      throw new CheckpointException(
          source + " holds a " + typeName(root) + ", not a dict of weights");
    }
    Object chosen = null;
    if (ema) {
      chosen = top.get("ema");
      if (!(chosen instanceof Map)) {
        throw new CheckpointException(
            source
                + " has no 'ema' weights (trained without --ema?); its entries: "
                + top.keySet());
      }
    } else {
      for (String key : ENTRIES) {
        if (top.get(key) instanceof Map) {
          chosen = top.get(key);
          break;
        }
      }
      if (chosen == null
          && !top.isEmpty()
          && top.values().stream().allMatch(TensorRef.class::isInstance)) {
        chosen = top; // a bare state_dict
      }
      if (chosen == null) {
        throw new CheckpointException(
            source
                + " has none of the entries "
                + ENTRIES
                + " and is not a state_dict; its entries: "
                + top.keySet());
      }
    }
    Map<String, TensorRef> out = new LinkedHashMap<>();
    for (var e : ((Map<?, ?>) chosen).entrySet()) {
      String name = stripPrefixes(String.valueOf(e.getKey()));
      if (!(e.getValue() instanceof TensorRef t)) {
        throw new CheckpointException(
            source
                + ": entry '"
                + name
                + "' of the weights is a "
                + typeName(e.getValue())
                + ", not a tensor");
      }
      if (out.put(name, t) != null) {
        throw new CheckpointException(
            source + ": tensor '" + name + "' appears twice once prefixes are stripped");
      }
    }
    return out;
  }

  static String stripPrefixes(String name) {
    String n = name;
    for (boolean again = true; again; ) {
      again = false;
      for (String p : List.of("module.", "_orig_mod.")) {
        if (n.startsWith(p)) {
          n = n.substring(p.length());
          again = true;
        }
      }
    }
    return n;
  }

  /**
   * The tensors {@code expected} names, in its order, after dropping what {@code droppable}
   * accepts; anything else extra, any missing name and any other shape is refused with the tensor
   * named.
   */
  public static Map<String, TensorRef> select(
      Map<String, TensorRef> found,
      Map<String, long[]> expected,
      Predicate<String> droppable,
      String configuration,
      String source) {
    for (var e : found.entrySet()) {
      if (!expected.containsKey(e.getKey()) && !droppable.test(e.getKey())) {
        throw new CheckpointException(
            source
                + ": unexpected tensor '"
                + e.getKey()
                + "' "
                + Arrays.toString(e.getValue().shape())
                + ", not part of configuration "
                + configuration);
      }
    }
    Map<String, TensorRef> out = new LinkedHashMap<>();
    for (var e : expected.entrySet()) {
      TensorRef t = found.get(e.getKey());
      if (t == null) {
        throw new CheckpointException(
            source
                + ": tensor '"
                + e.getKey()
                + "' is missing (configuration "
                + configuration
                + " needs shape "
                + Arrays.toString(e.getValue())
                + ")");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw new CheckpointException(
            source
                + ": tensor '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(t.shape())
                + " but configuration "
                + configuration
                + " needs "
                + Arrays.toString(e.getValue()));
      }
      if (!t.type().isFloatingPoint()) {
        throw new CheckpointException(
            source + ": tensor '" + e.getKey() + "' is " + t.type().dtype + ", not floating point");
      }
      out.put(e.getKey(), t);
    }
    return out;
  }

  private static String typeName(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }
}
