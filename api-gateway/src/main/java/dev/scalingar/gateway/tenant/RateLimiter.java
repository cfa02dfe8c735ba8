package dev.scalingar.gateway.tenant;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One token bucket per tenant. In-process, so with several gateway replicas each one enforces the
 * tenant's rate: the cluster-wide limit is replicas × rate (documented in the README).
 */
public final class RateLimiter {

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;

  public RateLimiter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Takes one token; returns 0 when granted, else the seconds to wait for one (at least 1). */
  public long acquire(Tenant tenant) {
    return buckets
        .computeIfAbsent(
            tenant.id(),
            id -> new Bucket(tenant.ratePerSecond(), tenant.burst(), nanoClock.getAsLong()))
        .acquire(nanoClock.getAsLong());
  }

  private static final class Bucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    Bucket(double perSecond, int capacity, long now) {
      this.perNano = perSecond / TimeUnit.SECONDS.toNanos(1);
      this.capacity = capacity;
      this.tokens = capacity;
      this.last = now;
    }

    synchronized long acquire(long now) {
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double waitNanos = (1 - tokens) / perNano;
      return Math.max(1, (long) Math.ceil(waitNanos / TimeUnit.SECONDS.toNanos(1)));
    }
  }
}
