package onego.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthFailureLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void anAddressIsBlockedAfterTheLimitUntilItsWindowEnds() {
    AuthFailureLimiter limiter = new AuthFailureLimiter(3, 60 * SECOND);
    long t0 = 1_000 * SECOND;
    for (int i = 0; i < 2; i++) limiter.failed("10.0.0.1", t0);
    assertThat(limiter.blockedSeconds("10.0.0.1", t0)).isZero();
    limiter.failed("10.0.0.1", t0 + 10 * SECOND);
    assertThat(limiter.blockedSeconds("10.0.0.1", t0 + 10 * SECOND)).isEqualTo(50);
    assertThat(limiter.blockedSeconds("10.0.0.2", t0 + 10 * SECOND)).as("per address").isZero();
    assertThat(limiter.blockedSeconds("10.0.0.1", t0 + 59 * SECOND + 1)).isEqualTo(1);
    assertThat(limiter.blockedSeconds("10.0.0.1", t0 + 60 * SECOND)).as("the window ended").isZero();
    limiter.failed("10.0.0.1", t0 + 61 * SECOND);
    assertThat(limiter.blockedSeconds("10.0.0.1", t0 + 61 * SECOND)).as("a new window counts from zero").isZero();
  }

  @Test
  void endedWindowsAreForgotten() {
    AuthFailureLimiter limiter = new AuthFailureLimiter(3, 60 * SECOND);
    limiter.failed("10.0.0.1", 0);
    limiter.failed("10.0.0.2", 30 * SECOND);
    limiter.evictExpired(61 * SECOND);
    assertThat(limiter.size()).isEqualTo(1);
  }
}
