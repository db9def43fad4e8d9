package onego.router;

import onego.domain.ConfigNode;

/**
 * Router-wide settings ({@code router:} in the configuration). {@code backlogLimit}: queued
 * items across all departments past which intake answers 503; {@code pollMs}: how often idle
 * lanes look for due retries and expired leases; {@code pullLeaseSeconds}: how long a pulled
 * item stays leased without an ack; {@code maxLongPollsPerPrincipal}: long polls
 * ({@code waitSeconds > 0}) one principal may hold open on one node (one more is 429);
 * {@code outcomeBatch}: push outcomes (items a department took) recorded per transaction at most,
 * {@code outcomeWriters}: such transactions in flight per dispatch loop (the router's group commit);
 * {@code dispatchLoops}: event loops push dispatch runs on, the push departments split among them
 * round-robin by code (each department's lane lives on one loop, so its {@code maxInFlight} holds
 * exactly; one loop was measured to be dispatch's ceiling at about one core).
 */
public record RouterSettings(
    boolean enabled,
    long backlogLimit,
    long pollMs,
    int claimBatch,
    int circuitThreshold,
    long circuitOpenMs,
    int pullLeaseSeconds,
    int pullMaxWaitSeconds,
    long deadlineScanMs,
    int maxLongPollsPerPrincipal,
    int outcomeBatch,
    int outcomeWriters,
    int dispatchLoops) {

  public static RouterSettings read(ConfigNode n) {
    return new RouterSettings(
        n.optBool("enabled", true),
        n.range("backlogLimit", 100_000, 1, Long.MAX_VALUE),
        n.range("pollMs", 1_000, 10, 600_000),
        (int) n.range("claimBatch", 32, 1, 1_000),
        (int) n.range("circuitThreshold", 5, 1, 1_000),
        n.range("circuitOpenMs", 30_000, 10, 3_600_000),
        (int) n.range("pullLeaseSeconds", 60, 1, 3_600),
        (int) n.range("pullMaxWaitSeconds", 30, 0, 300),
        n.range("deadlineScanMs", 30_000, 10, 3_600_000),
        (int) n.range("maxLongPollsPerPrincipal", 4, 1, 10_000),
        (int) n.range("outcomeBatch", 64, 1, 1_000),
        (int) n.range("outcomeWriters", 2, 1, 64),
        (int) n.range("dispatchLoops", 2, 1, 64));
  }

}
