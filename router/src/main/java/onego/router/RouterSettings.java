package onego.router;

import onego.domain.ConfigNode;

/**
 * Router-wide settings ({@code router:} in the configuration). {@code backlogLimit}: queued
 * items across all departments past which intake answers 503; {@code pollMs}: how often idle
 * lanes look for due retries and expired leases; {@code pullLeaseSeconds}: how long a pulled
 * item stays leased without an ack.
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
    long deadlineScanMs) {

  public static RouterSettings read(ConfigNode n) {
    return new RouterSettings(
        n.optBool("enabled", true),
        range(n, "backlogLimit", 100_000, 1, Long.MAX_VALUE),
        range(n, "pollMs", 1_000, 10, 600_000),
        (int) range(n, "claimBatch", 32, 1, 1_000),
        (int) range(n, "circuitThreshold", 5, 1, 1_000),
        range(n, "circuitOpenMs", 30_000, 10, 3_600_000),
        (int) range(n, "pullLeaseSeconds", 60, 1, 3_600),
        (int) range(n, "pullMaxWaitSeconds", 30, 0, 300),
        range(n, "deadlineScanMs", 30_000, 10, 3_600_000));
  }

  private static long range(ConfigNode n, String key, long dflt, long min, long max) {
    long v = n.optInt(key, dflt);
    if (v < min || v > max) throw n.get(key).fail("must be between " + min + " and " + max);
    return v;
  }
}
