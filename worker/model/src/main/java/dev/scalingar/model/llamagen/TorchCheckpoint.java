package dev.scalingar.model.llamagen;

import dev.scalingar.model.Half;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * A {@code torch.save} zip archive (torch ≥ 1.6): {@code <stem>/data.pkl}, the pickled object, and
 * {@code <stem>/data/<key>}, one raw little-endian storage per key. The pickle is read once, by
 * {@link RestrictedUnpickler}, into plain Java data with a {@link TensorRef} for every tensor;
 * storages are read only for the tensors asked for, so an optimizer state of twice the model's size
 * costs nothing.
 */
public final class TorchCheckpoint implements AutoCloseable {

  private final String name;
  private final ZipFile zip;
  private final String stem;
  private final Object root;

  private TorchCheckpoint(String name, ZipFile zip, String stem, Object root) {
    this.name = name;
    this.zip = zip;
    this.stem = stem;
    this.root = root;
  }

  /**
   * Opens and unpickles a checkpoint; every failure is a {@link CheckpointException} of one line.
   */
  public static TorchCheckpoint open(Path file) {
    String name = String.valueOf(file.getFileName());
    checkMagic(file, name);
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new CheckpointException(
          name + " is truncated or not a zip archive (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + name + ": " + e.getMessage(), e);
    }
    try {
      String pickle = findPickle(zip, name);
      String stem = pickle.substring(0, pickle.length() - "data.pkl".length());
      try (InputStream in = zip.getInputStream(zip.getEntry(pickle))) {
        Object root = new RestrictedUnpickler(name).load(in);
        return new TorchCheckpoint(name, zip, stem, root);
      }
    } catch (CheckpointException e) {
      closeQuietly(zip);
      throw e;
    } catch (PickleException | IOException | ClassCastException | IllegalArgumentException e) {
      closeQuietly(zip);
      throw new CheckpointException(
          name
              + ": its pickle is truncated or corrupt ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")",
          e);
    }
  }

  private static void checkMagic(Path file, String name) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CheckpointException("checkpoint not found: " + file);
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + name + ": " + e.getMessage(), e);
    }
    if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return;
    }
    if (head.length > 0 && (head[0] & 0xff) == 0x80) {
      throw new CheckpointException(
          name + " is torch's legacy (pre-1.6, non-zip) format; re-save it with torch >= 1.6");
    }
    throw new CheckpointException(name + " is not a PyTorch checkpoint (not a zip archive)");
  }

  private static String findPickle(ZipFile zip, String name) {
    List<String> found = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      String entry = e.nextElement().getName();
      if (entry.endsWith("/data.pkl")
          && entry.indexOf('/') == entry.length() - "/data.pkl".length()) {
        found.add(entry);
      }
    }
    if (found.size() != 1) {
      throw new CheckpointException(
          name
              + " is a zip but not a torch.save archive ("
              + found.size()
              + " <stem>/data.pkl entries)");
    }
    return found.get(0);
  }

  /** The unpickled object: maps, lists, numbers, strings, {@link TensorRef}s. */
  public Object root() {
    return root;
  }

  /** A tensor's values widened to float32, in C order (whatever its strides). */
  public float[] readFloats(String tensorName, TensorRef t) {
    if (!t.type().isFloatingPoint()) {
      throw new CheckpointException(
          name + ": tensor '" + tensorName + "' is " + t.type().dtype + ", not floating point");
    }
    int size = t.type().elementSize;
    ByteBuffer b = readStorage(tensorName, t).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[Math.toIntExact(t.numel())];
    if (t.isContiguous()) {
      for (int i = 0; i < out.length; i++) {
        out[i] = element(b, t.type(), i * size);
      }
      return out;
    }
    long[] shape = t.shape();
    long[] stride = t.stride();
    long[] index = new long[shape.length];
    for (int i = 0; i < out.length; i++) {
      long at = 0;
      for (int d = 0; d < shape.length; d++) {
        at += index[d] * stride[d];
      }
      out[i] = element(b, t.type(), Math.toIntExact(at * size));
      for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
        index[d] = 0;
      }
    }
    return out;
  }

  private static float element(ByteBuffer b, StorageType type, int at) {
    return switch (type) {
      case FLOAT -> b.getFloat(at);
      case HALF -> Half.toFloat(b.getShort(at));
      case BFLOAT16 -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
      case DOUBLE -> (float) b.getDouble(at);
      default -> throw new IllegalStateException(type.name());
    };
  }

  /**
   * The bytes of the storage from the view's first element to its last, checked against the entry's
   * size.
   */
  private ByteBuffer readStorage(String tensorName, TensorRef t) {
    String entryName = stem + "data/" + t.storageKey();
    ZipEntry entry = zip.getEntry(entryName);
    if (entry == null) {
      throw new CheckpointException(
          name
              + ": tensor '"
              + tensorName
              + "' names storage "
              + t.storageKey()
              + ", which the archive lacks");
    }
    int size = t.type().elementSize;
    long from = t.storageOffset() * size;
    long to = t.storageExtent() * size;
    if (entry.getSize() >= 0 && entry.getSize() < to) {
      throw new CheckpointException(
          name
              + ": storage "
              + t.storageKey()
              + " of tensor '"
              + tensorName
              + "' has "
              + entry.getSize()
              + " bytes, the tensor needs "
              + to);
    }
    try (InputStream in = zip.getInputStream(entry)) {
      in.skipNBytes(from);
      byte[] bytes = in.readNBytes(Math.toIntExact(to - from));
      if (bytes.length != to - from) {
        throw new CheckpointException(
            name + ": storage " + t.storageKey() + " of tensor '" + tensorName + "' is truncated");
      }
      return ByteBuffer.wrap(bytes);
    } catch (IOException e) {
      throw new CheckpointException(
          name
              + ": cannot read storage "
              + t.storageKey()
              + " of tensor '"
              + tensorName
              + "' ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException ignored) {
      // the read already failed; that failure is the one to report
    }
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }
}
