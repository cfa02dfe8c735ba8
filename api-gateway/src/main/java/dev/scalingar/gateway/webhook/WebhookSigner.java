package dev.scalingar.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Standard Webhooks signatures (standard-webhooks spec): {@code webhook-signature: v1,<base64 of
 * HMAC-SHA256(secret, id + "." + timestamp + "." + body)>}, where the secret is the base64 after
 * {@code whsec_}. Receivers verify with any Standard Webhooks library.
 */
public final class WebhookSigner {

  private static final Logger LOG = Logger.getLogger(WebhookSigner.class);
  public static final String PREFIX = "whsec_";

  private WebhookSigner() {}

  /** {@code v1,} + the signature of one delivery attempt. */
  public static String sign(String secret, String webhookId, long timestampSeconds, byte[] body) {
    Mac mac = hmac(decodeSecret(secret));
    mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  /** The HMAC key of a {@code whsec_} secret; refuses anything else (checked at startup). */
  public static byte[] decodeSecret(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException(
          "a webhook secret holds 24 to 64 bytes, this one " + key.length);
    }
    return key;
  }

  /**
   * A tenant's secret derived from the gateway's signing key: stable across restarts without
   * storing it.
   */
  public static String deriveSecret(byte[] signingKey, String tenant) {
    Mac mac = hmac(signingKey);
    return PREFIX
        + Base64.getEncoder()
            .encodeToString(
                mac.doFinal(
                    ("scalingar/webhook-secret/v1\0" + tenant).getBytes(StandardCharsets.UTF_8)));
  }

  /** The configured signing key, or a random one for this process (said in the log). */
  public static byte[] signingKey(Optional<String> configured) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get().getBytes(StandardCharsets.UTF_8);
    }
    LOG.warn(
        "gateway.webhooks.signing-key is not set: tenants without webhook-secret get a random "
            + "secret that changes when the gateway restarts");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
