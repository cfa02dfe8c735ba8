package dev.scalingar.gateway.tenant;

import dev.scalingar.gateway.config.GatewayConfig;
import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemException;
import dev.scalingar.gateway.webhook.WebhookSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * API key → tenant. Only SHA-256 hashes of keys are configured, so a leaked configuration (or a
 * mounted secret file read by the wrong process) does not leak working keys. API keys are long
 * random strings, so a plain unsalted hash is enough: there is nothing to brute-force.
 */
@ApplicationScoped
public class TenantDirectory {

  private static final Logger LOG = Logger.getLogger(TenantDirectory.class);
  private static final String BEARER = "bearer ";

  private final Map<String, Tenant> byKeyHash = new HashMap<>();
  private final Map<String, Tenant> byId = new HashMap<>();

  @Inject
  public TenantDirectory(GatewayConfig config) {
    byte[] signingKey = WebhookSigner.signingKey(config.webhooks().signingKey());
    config
        .tenants()
        .forEach(
            (id, t) -> {
              String secret =
                  t.webhookSecret().orElseGet(() -> WebhookSigner.deriveSecret(signingKey, id));
              WebhookSigner.decodeSecret(
                  secret); // a malformed secret fails at startup, not at the first delivery
              Tenant tenant =
                  new Tenant(
                      id,
                      t.ratePerSecond().orElse(config.limits().ratePerSecond()),
                      t.burst().orElse(config.limits().burst()),
                      t.maxQueuedJobs().orElse(config.limits().maxQueuedJobs()),
                      secret);
              byId.put(id, tenant);
              for (String hash : t.apiKeySha256()) {
                String h = hash.strip().toLowerCase(Locale.ROOT);
                if (!h.matches("[0-9a-f]{64}")) {
                  throw new IllegalArgumentException(
                      "gateway.tenants." + id + ".api-key-sha256: expected 64 hex digits");
                }
                Tenant other = byKeyHash.put(h, tenant);
                if (other != null && !other.id().equals(id)) {
                  throw new IllegalArgumentException(
                      "one API key hash is configured for tenants " + other.id() + " and " + id);
                }
              }
            });
    if (byId.isEmpty()) {
      LOG.warn("no tenants configured (gateway.tenants.*): every API call will be answered 401");
    }
  }

  /** The tenant of an {@code Authorization: Bearer KEY} header; 401 when absent or unknown. */
  public Tenant authenticate(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ProblemException(
          Problem.unauthorized("send your API key as 'Authorization: Bearer <key>'"));
    }
    Tenant tenant = byKeyHash.get(sha256Hex(authorization.substring(BEARER.length()).strip()));
    if (tenant == null) {
      throw new ProblemException(Problem.unauthorized("the API key is not valid"));
    }
    return tenant;
  }

  public Optional<Tenant> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Map<String, Tenant> all() {
    return Map.copyOf(byId);
  }

  public static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
