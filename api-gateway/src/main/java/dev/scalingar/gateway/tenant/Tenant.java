package dev.scalingar.gateway.tenant;

import java.util.regex.Pattern;

/**
 * A customer of the API: the {@code tenant} of its records, its limits and its webhook secret.
 *
 * @param webhookSecret Standard Webhooks secret, {@code whsec_} + base64 of the HMAC key
 */
public record Tenant(
    String id, double ratePerSecond, int burst, int maxQueuedJobs, String webhookSecret) {

  /**
   * The tenant pattern of common.schema.json: it becomes a record field, so it must be valid there.
   */
  private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");

  public Tenant {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "gateway.tenants." + id + ": a tenant id must match " + ID.pattern());
    }
    if (!(ratePerSecond > 0) || burst < 1 || maxQueuedJobs < 1) {
      throw new IllegalArgumentException(
          "gateway.tenants."
              + id
              + ": rate-per-second, burst and max-queued-jobs must be positive");
    }
    if (!webhookSecret.startsWith("whsec_")) {
      throw new IllegalArgumentException(
          "gateway.tenants." + id + ".webhook-secret must start with whsec_");
    }
  }
}
