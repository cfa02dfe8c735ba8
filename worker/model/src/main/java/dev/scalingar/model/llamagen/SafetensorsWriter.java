package dev.scalingar.model.llamagen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes F32 safetensors one tensor at a time, as the project's weights files are ({@code
 * WeightsFile}: {@code format} and a SHA-256 of the data section in {@code __metadata__}) but
 * without holding the whole file in memory: GPT-XL is 3.1 GB. The header is written with a
 * placeholder for the hash, which is patched in place once the data is written (a SHA-256 is always
 * 64 hex digits, so the header's length does not change).
 */
public final class SafetensorsWriter {

  /** A tensor to write; {@code data} is read only when its turn comes. */
  public record Tensor(String name, long[] shape, Supplier<float[]> data) {}

  public static final String FORMAT = "scalingar-weights-v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLACEHOLDER =
      "#".repeat(64); // not a hex digit: never a real hash or value

  private SafetensorsWriter() {}

  /**
   * Writes {@code file} atomically (a temporary sibling moved into place; on failure nothing is
   * left) and returns the SHA-256 of its data section.
   */
  public static String write(Path file, List<Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    metadata.forEach(meta::put);
    meta.put("format", FORMAT);
    meta.put("sha256", PLACEHOLDER);
    long offset = 0;
    for (Tensor t : tensors) {
      long numel = 1;
      for (long d : t.shape()) {
        numel *= d;
      }
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", "F32");
      var shape = e.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      e.putArray("data_offsets").add(offset).add(offset + 4 * numel);
      offset += 4 * numel;
    }
    byte[] headerBytes = JSON.writeValueAsBytes(header);
    int pad =
        (8 - headerBytes.length % 8) % 8; // safetensors pads the header with spaces to 8 bytes
    int hashAt = indexOf(headerBytes, PLACEHOLDER.getBytes(StandardCharsets.US_ASCII));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    MessageDigest digest = sha256();
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(
          out,
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putLong(headerBytes.length + pad)
              .flip());
      writeFully(out, ByteBuffer.wrap(headerBytes));
      writeFully(out, ByteBuffer.wrap(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII)));
      for (Tensor t : tensors) {
        float[] values = t.data().get();
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        digest.update(b.array());
        writeFully(out, b);
      }
      String hash = HexFormat.of().formatHex(digest.digest());
      out.write(ByteBuffer.wrap(hash.getBytes(StandardCharsets.US_ASCII)), 8 + hashAt);
      out.force(true);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return hash;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * SHA-256 of a whole file, streamed: the sidecar {@code <file>.sha256} that {@code sha256sum -c}
   * checks.
   */
  public static String fileSha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (var in = Files.newInputStream(file)) {
      byte[] chunk = new byte[1 << 20];
      for (int n; (n = in.read(chunk)) > 0; ) {
        digest.update(chunk, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("hash placeholder not in header");
  }
}
