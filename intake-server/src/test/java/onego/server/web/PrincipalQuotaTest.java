package onego.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrincipalQuotaTest {
  private static final Caller ALICE = new Caller("jwt:applicant::alice", Caller.Role.APPLICANT, null, null, "alice");
  private static final Caller PORTAL = new Caller("key:portal", Caller.Role.CHANNEL, "pc", null, null);

  @Test
  void slotsArePerPrincipalAndByTheCallersLimit() {
    PrincipalQuota q = new PrincipalQuota(c -> c.is(Caller.Role.CHANNEL) ? 3 : 1, "streams", 5);
    Runnable alice = q.acquire(ALICE);
    assertThatThrownBy(() -> q.acquire(ALICE)).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.code()).isEqualTo("RATE_LIMITED");
      assertThat(e.retryAfterSeconds()).isEqualTo(5);
    });
    for (int i = 0; i < 3; i++) q.acquire(PORTAL);
    assertThat(q.open("key:portal")).isEqualTo(3);
    alice.run();
    alice.run();
    assertThat(q.open(ALICE.id())).as("a release frees one slot, once").isZero();
    q.acquire(ALICE);
    assertThat(q.open(ALICE.id())).isEqualTo(1);
  }
}
