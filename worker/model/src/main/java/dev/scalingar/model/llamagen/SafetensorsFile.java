package dev.scalingar.model.llamagen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.model.Half;
import dev.scalingar.model.SafetensorsHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file read tensor by tensor from disk, so files past 2 GB (GPT-XL is 3.1 GB in
 * float32) and integer tensors (the fixtures' masks and indices) load; {@code WeightsFile} reads
 * whole small files of floats. F32, F16, BF16 and I64.
 */
public final class SafetensorsFile implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  /** One tensor's header entry; offsets are relative to the data section. */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final String name;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, String> metadata;
  private final Map<String, Entry> entries;

  private SafetensorsFile(
      String name,
      FileChannel channel,
      long dataStart,
      Map<String, String> metadata,
      Map<String, Entry> entries) {
    this.name = name;
    this.channel = channel;
    this.dataStart = dataStart;
    this.metadata = Collections.unmodifiableMap(metadata);
    this.entries = Collections.unmodifiableMap(entries);
  }

  public static SafetensorsFile open(Path file) {
    String name = String.valueOf(file.getFileName());
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CheckpointException("file not found: " + file);
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + name + ": " + e.getMessage(), e);
    }
    try {
      long size = channel.size();
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (size < 8 || channel.read(len, 0) != 8) {
        throw new CheckpointException(
            name + " is truncated: " + size + " bytes, not even a header length");
      }
      long headerLength = len.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
        throw new CheckpointException(
            name
                + " is not a safetensors file or is truncated (header length "
                + headerLength
                + ", file "
                + size
                + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      while (header.hasRemaining() && channel.read(header, 8 + header.position()) > 0) {
        // a channel may return fewer bytes than asked
      }
      JsonNode json = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      SafetensorsHeader parsed = SafetensorsHeader.of(json);
      Map<String, String> metadata = parsed.metadata();
      Map<String, Entry> entries = new LinkedHashMap<>();
      long dataLength = size - 8 - headerLength;
      for (SafetensorsHeader.Tensor t : parsed.tensors()) {
        Entry entry = new Entry(t.name(), t.dtype(), t.shape(), t.begin(), t.end());
        if (entry.end() > dataLength || entry.begin() > entry.end()) {
          throw new CheckpointException(
              name
                  + " is truncated: tensor '"
                  + t.name()
                  + "' ends at byte "
                  + entry.end()
                  + " of a data section of "
                  + dataLength);
        }
        entries.put(t.name(), entry);
      }
      return new SafetensorsFile(name, channel, 8 + headerLength, metadata, entries);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointException(name + " has a corrupt header: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  public Entry entry(String tensor) {
    Entry e = entries.get(tensor);
    if (e == null) {
      throw new CheckpointException(name + " has no tensor '" + tensor + "'");
    }
    return e;
  }

  /** The tensor's raw little-endian bytes. */
  public ByteBuffer bytes(String tensor) {
    Entry e = entry(tensor);
    ByteBuffer b =
        ByteBuffer.allocate(Math.toIntExact(e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (b.hasRemaining()) {
        if (channel.read(b, dataStart + e.begin() + b.position()) < 0) {
          throw new CheckpointException(name + " is truncated in tensor '" + tensor + "'");
        }
      }
    } catch (IOException ex) {
      throw new CheckpointException(
          "cannot read tensor '" + tensor + "' of " + name + ": " + ex.getMessage(), ex);
    }
    return b.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A floating-point tensor widened to float32. */
  public float[] floats(String tensor) {
    Entry e = entry(tensor);
    ByteBuffer b = bytes(tensor);
    float[] out = new float[Math.toIntExact(e.numel())];
    switch (e.dtype()) {
      case "F32" -> b.asFloatBuffer().get(out);
      case "F16" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Half.toFloat(b.getShort());
        }
      }
      case "BF16" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
        }
      }
      default ->
          throw new CheckpointException(
              name + ": tensor '" + tensor + "' is " + e.dtype() + ", not floating point");
    }
    return out;
  }

  /** An I64 tensor. */
  public long[] longs(String tensor) {
    Entry e = entry(tensor);
    if (!e.dtype().equals("I64")) {
      throw new CheckpointException(
          name + ": tensor '" + tensor + "' is " + e.dtype() + ", not I64");
    }
    long[] out = new long[Math.toIntExact(e.numel())];
    bytes(tensor).asLongBuffer().get(out);
    return out;
  }

  /** A tensor on {@code manager}: float32 for a floating-point one, int64 for I64. */
  public NDArray array(String tensor, NDManager manager) {
    Entry e = entry(tensor);
    NDArray a =
        e.dtype().equals("I64")
            ? manager.create(longs(tensor), new Shape(e.shape()))
            : manager.create(floats(tensor), new Shape(e.shape()));
    a.setName(tensor);
    return a;
  }

  /**
   * SHA-256 of the data section, streamed (what {@code __metadata__.sha256} holds in our files).
   */
  public String dataSha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
      long at = dataStart;
      long size = channel.size();
      while (at < size) {
        chunk.clear();
        int n = channel.read(chunk, at);
        if (n <= 0) {
          break;
        }
        digest.update(chunk.array(), 0, n);
        at += n;
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new CheckpointException("cannot hash " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a file whose data does not hash to its {@code sha256} metadata (a file without one
   * passes).
   */
  public void verifySha256() {
    String expected = metadata.get("sha256");
    if (expected != null) {
      String actual = dataSha256();
      if (!expected.equals(actual)) {
        throw new CheckpointException(
            name
                + " is corrupt: SHA-256 of its tensor data is "
                + actual
                + ", its header says "
                + expected);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // reporting the read failure matters more
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }
}
