package onego.router.dispatch;

import onego.router.dispatch.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the per-department circuit of {@link CircuitBreaker} as its javadoc states it: after
 * {@code threshold} failed deliveries in a row it opens for {@code openMs}, then turns half-open;
 * a success closes it and resets the count, a failure while half-open opens it again. Time is an
 * explicit argument ({@code nowMs}), so the tests drive it; no clock is read. That only one probe
 * goes out while half-open is enforced by the caller ({@code DispatchVerticle.Lane.pump} grants one
 * credit when nothing is in flight), not by this class, so it is not tested here.
 */
class CircuitBreakerTest {
  private static final int THRESHOLD = 3;
  private static final long OPEN_MS = 30_000;
  private static final long T0 = 1_700_000_000_000L;

  private final CircuitBreaker circuit = new CircuitBreaker(THRESHOLD, OPEN_MS);

  private void failTimes(int n, long nowMs) {
    for (int i = 0; i < n; i++) circuit.failure(nowMs);
  }

  @Test
  void startsClosed() {
    assertThat(circuit.state(T0)).isEqualTo(State.CLOSED);
  }

  @Test
  void staysClosedBelowTheThreshold() {
    failTimes(THRESHOLD - 1, T0);
    assertThat(circuit.state(T0)).isEqualTo(State.CLOSED);
  }

  @Test
  void opensAfterThresholdConsecutiveFailures() {
    failTimes(THRESHOLD, T0);
    assertThat(circuit.state(T0)).isEqualTo(State.OPEN);
  }

  @Test
  void staysOpenForTheWholeOpenPeriod() {
    failTimes(THRESHOLD, T0);
    assertThat(circuit.state(T0 + OPEN_MS - 1)).isEqualTo(State.OPEN);
  }

  @Test
  void turnsHalfOpenOnceTheOpenPeriodHasPassedAndWaitsForTheProbe() {
    failTimes(THRESHOLD, T0);
    assertThat(circuit.state(T0 + OPEN_MS)).isEqualTo(State.HALF_OPEN);
    assertThat(circuit.state(T0 + 10 * OPEN_MS)).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void probeSuccessClosesTheCircuit() {
    failTimes(THRESHOLD, T0);
    circuit.success();
    assertThat(circuit.state(T0 + OPEN_MS)).isEqualTo(State.CLOSED);
  }

  @Test
  void afterClosingItTakesAFullThresholdOfFailuresToOpenAgain() {
    failTimes(THRESHOLD, T0);
    circuit.success();
    long t = T0 + OPEN_MS;
    failTimes(THRESHOLD - 1, t);
    assertThat(circuit.state(t)).isEqualTo(State.CLOSED);
    circuit.failure(t);
    assertThat(circuit.state(t)).isEqualTo(State.OPEN);
  }

  @Test
  void probeFailureReopensTheCircuitForAnotherOpenPeriod() {
    failTimes(THRESHOLD, T0);
    long probeAt = T0 + OPEN_MS + 5;
    circuit.failure(probeAt);
    assertThat(circuit.state(probeAt)).isEqualTo(State.OPEN);
    assertThat(circuit.state(probeAt + OPEN_MS - 1)).isEqualTo(State.OPEN);
    assertThat(circuit.state(probeAt + OPEN_MS)).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    failTimes(THRESHOLD - 1, T0);
    circuit.success();
    failTimes(THRESHOLD - 1, T0);
    assertThat(circuit.state(T0)).isEqualTo(State.CLOSED);
  }
}
