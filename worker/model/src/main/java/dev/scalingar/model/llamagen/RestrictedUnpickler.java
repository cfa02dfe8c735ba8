package dev.scalingar.model.llamagen;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * Pyrolite's unpickler limited to what a {@code torch.save} checkpoint of LlamaGen needs. A
 * checkpoint is untrusted input: every pickle global is resolved here, against a fixed list —
 * {@code collections.OrderedDict}, {@code argparse.Namespace} (the training scripts' args), {@code
 * torch._utils._rebuild_tensor_v2} and the torch storage classes — and any other global ends the
 * read with a message naming it. Nothing from the file is ever called: the allowed names map to
 * Java constructors of plain data (maps, {@link TensorRef}), and Pyrolite's own global table is
 * never consulted.
 */
final class RestrictedUnpickler extends Unpickler {

  /** A storage as its persistent id names it: archive entry {@code data/<key>}, element type. */
  record Storage(String key, StorageType type) {}

  /** {@code collections.OrderedDict}: a map in insertion order. */
  static final class OrderedDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
  }

  private static final IObjectConstructor ORDERED_DICT =
      args -> {
        if (args.length != 0) {
          throw new CheckpointException(
              "collections.OrderedDict is called with "
                  + args.length
                  + " arguments, expected none");
        }
        return new OrderedDict();
      };

  private static final IObjectConstructor NAMESPACE =
      args -> new ClassDict("argparse", "Namespace");

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[,
  // metadata])
  private static final IObjectConstructor REBUILD_TENSOR =
      args -> {
        if (args.length < 6 || !(args[0] instanceof Storage storage)) {
          throw new CheckpointException(
              "torch._utils._rebuild_tensor_v2 is called with unexpected arguments");
        }
        return new TensorRef(
            storage.key(), storage.type(), integer(args[1]), integers(args[2]), integers(args[3]));
      };

  private final String source;

  RestrictedUnpickler(String source) {
    this.source = source;
  }

  @Override
  protected Object dispatch(short key) throws IOException {
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolve(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        stack.add(resolve(String.valueOf(module), String.valueOf(name)));
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD -> {
        build(stack.pop(), stack.peek());
        return NO_RETURN_VALUE;
      }
      case Opcodes.INST, Opcodes.OBJ, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
          throw new CheckpointException(
              source + " uses pickle opcode " + key + ", which torch.save never writes; refused");
      default -> {
        return super.dispatch(key);
      }
    }
  }

  // BUILD sets an object's state. Pyrolite would call a __setstate__ method found by reflection;
  // here only our two stateful types take one, and nothing is called.
  private void build(Object state, Object target) {
    if (target instanceof OrderedDict) {
      return; // state_dict()'s _metadata attribute (module versions) says nothing about the tensors
    }
    if (target instanceof ClassDict namespace && state instanceof Map<?, ?> fields) {
      fields.forEach((k, v) -> namespace.put(String.valueOf(k), v));
      return;
    }
    throw new CheckpointException(
        source
            + " sets the state of a "
            + (target == null ? "None" : target.getClass().getSimpleName())
            + ", which torch.save never does; refused");
  }

  private IObjectConstructor resolve(String module, String name) {
    String global = module + "." + name;
    switch (global) {
      case "collections.OrderedDict" -> {
        return ORDERED_DICT;
      }
      case "argparse.Namespace" -> {
        return NAMESPACE;
      }
      case "torch._utils._rebuild_tensor_v2" -> {
        return REBUILD_TENSOR;
      }
      default -> {
        StorageType storage = module.equals("torch") ? StorageType.byPythonName(name) : null;
        if (storage != null) {
          return storage;
        }
        throw new CheckpointException(
            source
                + " names the pickle global "
                + global
                + ", which a LlamaGen checkpoint does not need; refused (no code from a checkpoint is run)");
      }
    }
  }

  // torch's persistent id of a storage: ('storage', storage_type, key, location, numel)
  @Override
  protected Object persistentLoad(Object pid) {
    if (pid instanceof Object[] t
        && t.length == 5
        && "storage".equals(t[0])
        && t[1] instanceof StorageType type) {
      return new Storage(String.valueOf(t[2]), type);
    }
    throw new CheckpointException(
        source + " has a persistent id that is not a torch storage: " + describe(pid));
  }

  private static String describe(Object pid) {
    String s = pid instanceof Object[] t ? java.util.Arrays.deepToString(t) : String.valueOf(pid);
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private static long integer(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new CheckpointException("expected an integer in a tensor's layout, found " + o);
  }

  private static long[] integers(Object o) {
    if (!(o instanceof Object[] t)) {
      throw new CheckpointException("expected a tuple in a tensor's layout, found " + o);
    }
    long[] out = new long[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = integer(t[i]);
    }
    return out;
  }
}
