package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights file: standard safetensors (8-byte little-endian header length, JSON header, raw
 * little-endian tensor bytes), so Python's {@code safetensors} reads it and a converted LlamaGen
 * checkpoint loads by name. Our files also carry, in {@code __metadata__}, the configuration and a
 * SHA-256 of the data section, verified on load.
 */
public final class WeightsFile {

  public static final String FORMAT = "scalingar-weights-v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 16L << 20;

  /** What a file holds. {@code metadata} is empty for a plain safetensors file from elsewhere. */
  public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {}

  private WeightsFile() {}

  /**
   * Writes every tensor of {@code weights} as F32, with {@code metadata} plus format and checksum.
   */
  public static void write(Path file, Weights weights, Map<String, String> metadata)
      throws IOException {
    writeTensors(file, weights.all(), metadata);
  }

  /** Writes any named tensors (a checkpoint adds the optimiser's moments to the weights). */
  public static void writeTensors(
      Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
    Map<String, float[]> data = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (var e : tensors.entrySet()) {
      data.put(e.getKey(), e.getValue().toFloatArray());
      shapes.put(e.getKey(), e.getValue().getShape().getShape());
    }
    write(file, data, shapes, metadata);
  }

  static void write(
      Path file,
      Map<String, float[]> data,
      Map<String, long[]> shapes,
      Map<String, String> metadata)
      throws IOException {
    long total = data.values().stream().mapToLong(a -> a.length * 4L).sum();
    ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    metadata.forEach(meta::put);
    meta.put("format", FORMAT);
    long offset = 0;
    for (var e : data.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : shapes.get(e.getKey())) {
        shape.add(d);
      }
      body.asFloatBuffer().position(Math.toIntExact(offset / 4)).put(e.getValue());
      t.putArray("data_offsets").add(offset).add(offset + e.getValue().length * 4L);
      offset += e.getValue().length * 4L;
    }
    meta.put("sha256", sha256(body.array()));
    byte[] headerBytes = JSON.writeValueAsBytes(header);
    // safetensors pads the header with spaces to 8-byte alignment
    int pad = (8 - headerBytes.length % 8) % 8;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putLong(headerBytes.length + pad)
              .array());
      out.write(headerBytes);
      out.write(" ".repeat(pad).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(body.array());
    }
    // An interrupted write never leaves a half file under the real name.
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static Contents read(Path file, NDManager manager) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new WeightsFileException("weights file not found: " + file);
    } catch (IOException e) {
      throw new WeightsFileException("cannot read weights file " + file + ": " + e.getMessage(), e);
    }
    return read(file.toString(), bytes, manager);
  }

  public static Contents read(String name, InputStream in, NDManager manager) throws IOException {
    return read(name, in.readAllBytes(), manager);
  }

  static Contents read(String name, byte[] bytes, NDManager manager) {
    if (bytes.length < 8) {
      throw new WeightsFileException(
          name + " is truncated: " + bytes.length + " bytes, not even a header length");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
      throw new WeightsFileException(
          name
              + " is not a safetensors file or is truncated (header length "
              + headerLength
              + ", file "
              + bytes.length
              + " bytes)");
    }
    JsonNode header;
    try {
      header =
          JSON.readTree(
              new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new WeightsFileException(name + " has a corrupt header: " + e.getOriginalMessage(), e);
    }
    int dataStart = (int) (8 + headerLength);
    int dataLength = bytes.length - dataStart;
    SafetensorsHeader parsed = SafetensorsHeader.of(header);
    Map<String, String> metadata = parsed.metadata();
    long needed = parsed.dataNeeded();
    if (needed > dataLength) {
      throw new WeightsFileException(
          name
              + " is truncated: its header needs "
              + needed
              + " bytes of tensor data, the file has "
              + dataLength);
    }
    String expected = metadata.get("sha256");
    if (expected != null) {
      String actual = sha256(java.util.Arrays.copyOfRange(bytes, dataStart, bytes.length));
      if (!expected.equals(actual)) {
        throw new WeightsFileException(
            name
                + " is corrupt: SHA-256 of its tensor data is "
                + actual
                + ", the header says "
                + expected);
      }
    }
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    for (SafetensorsHeader.Tensor t : parsed.tensors()) {
      int begin = Math.toIntExact(t.begin());
      int end = Math.toIntExact(t.end());
      Shape shape = new Shape(t.shape());
      float[] values = decode(name, t.name(), t.dtype(), bytes, dataStart + begin, end - begin);
      if (values.length != shape.size()) {
        throw new WeightsFileException(
            name
                + ": tensor '"
                + t.name()
                + "' has "
                + values.length
                + " values for shape "
                + shape);
      }
      NDArray a = manager.create(values, shape);
      a.setName(t.name());
      tensors.put(t.name(), a);
    }
    return new Contents(tensors, metadata);
  }

  // F32 as is; F16 and BF16 (LlamaGen checkpoints are often half precision) widened to float.
  private static float[] decode(
      String file, String tensor, String dtype, byte[] bytes, int offset, int length) {
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case "F32" -> {
        float[] out = new float[length / 4];
        b.asFloatBuffer().get(out);
        return out;
      }
      case "F16" -> {
        float[] out = new float[length / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = Half.toFloat(b.getShort());
        }
        return out;
      }
      case "BF16" -> {
        float[] out = new float[length / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
        }
        return out;
      }
      default ->
          throw new WeightsFileException(
              file + ": tensor '" + tensor + "' has unsupported dtype " + dtype);
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
