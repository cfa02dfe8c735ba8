package dev.scalingar.gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void grantsTheBurstThenOneTokenPerIntervalAndSaysHowLongToWait() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(now::get);
    Tenant t = new Tenant("acme", 0.5, 2, 10, SECRET); // one per 2 s
    assertThat(limiter.acquire(t)).isZero();
    assertThat(limiter.acquire(t)).isZero();
    assertThat(limiter.acquire(t)).isEqualTo(2);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
    assertThat(limiter.acquire(t)).isEqualTo(1);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(limiter.acquire(t)).isZero();
  }

  @Test
  void tenantsHaveSeparateBuckets() {
    RateLimiter limiter = new RateLimiter(() -> 0L);
    Tenant a = new Tenant("a", 1, 1, 10, SECRET);
    Tenant b = new Tenant("b", 1, 1, 10, SECRET);
    assertThat(limiter.acquire(a)).isZero();
    assertThat(limiter.acquire(a)).isPositive();
    assertThat(limiter.acquire(b)).isZero();
  }
}
