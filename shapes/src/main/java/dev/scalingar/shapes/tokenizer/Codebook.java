package dev.scalingar.shapes.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * K patches of patchSize×patchSize RGB pixels: the image tokenizer's vocabulary.
 *
 * <p>File format, version 1, big-endian (24-byte header, then the payload):
 *
 * <pre>
 *   int   magic       0x53574342 ("SWCB")
 *   int   version     1
 *   int   patchSize   4
 *   int   channels    3 (R, G, B)
 *   int   k           number of entries
 *   int   crc32       CRC-32 of the payload
 *   byte  payload[k][patchSize*patchSize][channels]   unsigned, patch pixels in raster order
 * </pre>
 */
public final class Codebook {

  public static final int MAGIC = 0x53574342;
  public static final int VERSION = 1;

  /** Where the shipped codebook lives on the class path. */
  public static final String RESOURCE = "/dev/scalingar/shapes/codebook-v1.bin";

  private static final int CHANNELS = 3;

  private final int patchSize;
  private final int[][] entries; // [k][patchSize * patchSize] = 0xRRGGBB

  public Codebook(int patchSize, int[][] entries) {
    if (patchSize <= 0) {
      throw new IllegalArgumentException("patchSize must be positive, was " + patchSize);
    }
    if (entries.length == 0) {
      throw new IllegalArgumentException("a codebook needs at least one entry");
    }
    this.patchSize = patchSize;
    this.entries = new int[entries.length][];
    for (int i = 0; i < entries.length; i++) {
      if (entries[i].length != patchSize * patchSize) {
        throw new IllegalArgumentException(
            "entry " + i + " must hold " + patchSize * patchSize + " pixels");
      }
      this.entries[i] = entries[i].clone();
    }
  }

  /** The codebook shipped with this module (codebook-v1.bin). */
  public static Codebook shipped() {
    try (InputStream in = Codebook.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("codebook resource missing: " + RESOURCE);
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int patchSize() {
    return patchSize;
  }

  /** Number of entries K: the token vocabulary size. */
  public int size() {
    return entries.length;
  }

  /** Entry {@code token}'s pixels, raster order within the patch, 0xRRGGBB. */
  public int[] entry(int token) {
    if (token < 0 || token >= entries.length) {
      throw new IllegalArgumentException(
          "token must be in 0.." + (entries.length - 1) + ", was " + token);
    }
    return entries[token].clone();
  }

  /** Squared RGB distance between two 0xRRGGBB pixels. */
  static int distance2(int a, int b) {
    int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
    int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
    int db = (a & 0xFF) - (b & 0xFF);
    return dr * dr + dg * dg + db * db;
  }

  /** The file bytes (format above). */
  public byte[] toBytes() {
    byte[] payload = payload();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(patchSize);
      out.writeInt(CHANNELS);
      out.writeInt(entries.length);
      out.writeInt((int) crc32(payload));
      out.write(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen on a byte array
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a codebook file.
   *
   * @throws IllegalArgumentException naming what is wrong: magic, version, shape, truncation or
   *     checksum
   */
  public static Codebook read(InputStream input) throws IOException {
    DataInputStream in = new DataInputStream(input);
    try {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IllegalArgumentException(
            "not a ShapesWorld codebook: magic 0x"
                + Integer.toHexString(magic)
                + ", expected 0x53574342");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "codebook version " + version + " not supported (expected 1)");
      }
      int patchSize = in.readInt();
      int channels = in.readInt();
      int k = in.readInt();
      if (patchSize < 1 || patchSize > 64 || channels != CHANNELS || k < 1 || k > 65_536) {
        throw new IllegalArgumentException(
            "codebook header out of range: patchSize="
                + patchSize
                + " channels="
                + channels
                + " k="
                + k);
      }
      int crc = in.readInt();
      byte[] payload = new byte[k * patchSize * patchSize * CHANNELS];
      in.readFully(payload);
      if ((int) crc32(payload) != crc) {
        throw new IllegalArgumentException("codebook checksum mismatch: the file is corrupt");
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("codebook has bytes after its payload");
      }
      return new Codebook(patchSize, unpack(payload, k, patchSize * patchSize));
    } catch (EOFException e) {
      throw new IllegalArgumentException("codebook file is truncated", e);
    }
  }

  private byte[] payload() {
    int pixels = patchSize * patchSize;
    byte[] payload = new byte[entries.length * pixels * CHANNELS];
    int i = 0;
    for (int[] entry : entries) {
      for (int rgb : entry) {
        payload[i++] = (byte) (rgb >> 16);
        payload[i++] = (byte) (rgb >> 8);
        payload[i++] = (byte) rgb;
      }
    }
    return payload;
  }

  private static int[][] unpack(byte[] payload, int k, int pixels) {
    int[][] entries = new int[k][pixels];
    int i = 0;
    for (int[] entry : entries) {
      for (int p = 0; p < pixels; p++) {
        entry[p] =
            (payload[i] & 0xFF) << 16 | (payload[i + 1] & 0xFF) << 8 | (payload[i + 2] & 0xFF);
        i += 3;
      }
    }
    return entries;
  }

  private static long crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Codebook other
        && patchSize == other.patchSize
        && Arrays.deepEquals(entries, other.entries);
  }

  @Override
  public int hashCode() {
    return 31 * patchSize + Arrays.deepHashCode(entries);
  }
}
