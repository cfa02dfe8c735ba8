package dev.scalingar.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stream tokens: {@code base64url(tenant \n jobId \n expiry-seconds) "." base64url(HMAC-SHA256)}. A
 * browser's EventSource cannot send {@code Authorization}, and the API key must never be in a URL,
 * so the page trades its key (in a header) for a token that opens one job's stream, for one tenant,
 * until it expires. The token says nothing secret; the MAC makes it unforgeable.
 */
public final class StreamTokens {

  /** Why a token does not open a stream; each is answered 401 without saying which. */
  public enum Refusal {
    MALFORMED,
    BAD_SIGNATURE,
    EXPIRED,
    OTHER_JOB
  }

  /** The outcome of {@link #verify}: the tenant the token was issued to, or why it is refused. */
  public sealed interface Verdict permits Valid, Refused {}

  public record Valid(String tenant) implements Verdict {}

  public record Refused(Refusal reason) implements Verdict {}

  /** A token and the instant after which it no longer starts a stream. */
  public record Issued(String token, Instant expiresAt) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;
  private final Duration ttl;

  public StreamTokens(byte[] key, Duration ttl) {
    if (key.length < 16 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(
          "gateway.ui: a stream-token key of at least 16 bytes and a positive ttl");
    }
    this.key = key.clone();
    this.ttl = ttl;
  }

  /** A key from configuration (any string), or 32 random bytes when none is configured. */
  public static byte[] key(java.util.Optional<String> configured) {
    if (configured.isPresent()) {
      return sha256(
          configured.get().getBytes(StandardCharsets.UTF_8)); // any length of string → 32 bytes
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return random;
  }

  public Issued issue(String tenant, String jobId, Instant now) {
    Instant expiry = now.plus(ttl);
    String payload =
        B64.encodeToString(
            (tenant + "\n" + jobId + "\n" + expiry.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
    return new Issued(
        payload + "." + B64.encodeToString(mac(payload)),
        Instant.ofEpochSecond(expiry.getEpochSecond()));
  }

  /**
   * Whether {@code token} opens the stream of {@code jobId} at {@code now}, and for which tenant.
   */
  public Verdict verify(String token, String jobId, Instant now) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return new Refused(Refusal.MALFORMED);
    }
    String payload = token.substring(0, dot);
    byte[] given;
    String[] fields;
    try {
      given = B64D.decode(token.substring(dot + 1));
      fields = new String(B64D.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException e) {
      return new Refused(Refusal.MALFORMED);
    }
    // The signature first, in constant time: nothing of an unsigned payload is believed.
    if (!MessageDigest.isEqual(mac(payload), given)) {
      return new Refused(Refusal.BAD_SIGNATURE);
    }
    if (fields.length != 3) {
      return new Refused(Refusal.MALFORMED);
    }
    long expiry;
    try {
      expiry = Long.parseLong(fields[2]);
    } catch (NumberFormatException e) {
      return new Refused(Refusal.MALFORMED);
    }
    if (now.getEpochSecond() >= expiry) {
      return new Refused(Refusal.EXPIRED);
    }
    if (!fields[1].equals(jobId)) {
      return new Refused(Refusal.OTHER_JOB);
    }
    return new Valid(fields[0]);
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
