package dev.scalingar.gateway.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Job ids, spec digests and seeds: everything about a job that can be derived rather than stored.
 *
 * <p>With an {@code Idempotency-Key}, the job id is a hash of (tenant, key). So the key needs no
 * storage of its own: a retried request maps to the same job id, and whether that job exists (and
 * with which body) is in the job's record on {@code scalingar.jobs.{model}.v1}, which the status
 * view reads back on restart. The body is compared through {@link #specDigest}, carried as a
 * CloudEvents extension on the job record and the accepted event.
 */
public final class JobIds {

  /** CloudEvents extension (lower-case alphanumerics only) with the spec digest. */
  public static final String DIGEST_EXTENSION = "specdigest";

  private static final String PREFIX = "job_";
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  // Canonical JSON: sorted map keys, so {"a":1,"b":2} and {"b":2,"a":1} in metadata hash alike.
  private static final ObjectMapper CANONICAL =
      WireCodec.mapper().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private JobIds() {}

  /** A fresh id: 130 random bits, base32 ({@code job_} + 26 characters; the schema allows 8–64). */
  public static String random() {
    byte[] b = new byte[17];
    RANDOM.nextBytes(b);
    return PREFIX + base32(b, 26);
  }

  /**
   * The id of the job a tenant created with an Idempotency-Key: the same key always names the same
   * job.
   */
  public static String forIdempotencyKey(String tenant, String key) {
    return PREFIX + base32(sha256("scalingar/idempotency/v1\0" + tenant + "\0" + key), 26);
  }

  /**
   * The digest of a spec as the client sent it (defaults applied, before the gateway picks a seed):
   * two bodies are "the same" when they mean the same job, whatever their whitespace or key order.
   */
  public static String specDigest(JobSpec spec) {
    try {
      return HexFormat.of().formatHex(sha256(CANONICAL.writeValueAsString(spec)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decoded JobSpec always serialises", e);
    }
  }

  /**
   * The seed the gateway picks when the client gives none: derived from the job id, so a retried
   * idempotent request produces a byte-identical job record. Within the schema's 0..2^53-1.
   */
  public static long seedFor(String jobId) {
    return ByteBuffer.wrap(sha256("scalingar/seed/v1\0" + jobId)).getLong() & ((1L << 53) - 1);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String base32(byte[] bytes, int chars) {
    StringBuilder s = new StringBuilder(chars);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < bytes.length && s.length() < chars; i++) {
      buffer = (buffer << 8) | (bytes[i] & 0xff);
      bits += 8;
      while (bits >= 5 && s.length() < chars) {
        s.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }
}
