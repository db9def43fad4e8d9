package onego.router.dispatch;

/**
 * Per department: after {@code threshold} deliveries in a row fail, stop sending for
 * {@code openMs}; then let one probe through (half-open): its success closes the circuit, its
 * failure opens it again. Used from one event loop only.
 */
public final class CircuitBreaker {
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long openMs;
  private int failures;
  private long openedAt = -1;

  public CircuitBreaker(int threshold, long openMs) {
    this.threshold = threshold;
    this.openMs = openMs;
  }

  public State state(long nowMs) {
    if (openedAt < 0) return State.CLOSED;
    return nowMs - openedAt >= openMs ? State.HALF_OPEN : State.OPEN;
  }

  public void success() {
    failures = 0;
    openedAt = -1;
  }

  public void failure(long nowMs) {
    failures++;
    if (failures >= threshold || openedAt >= 0) openedAt = nowMs;
  }
}
