package onego.server.config;

import onego.domain.ConfigNode;

/**
 * The audit trail's sealer ({@code audit:}; {@code onego.server.audit.AuditSealer}): audited
 * changes and reads commit their rows as pending, and one node of the cluster (the
 * {@code audit-sealer} lease) chains them into the day's hash chain.
 *
 * @param sealIntervalMs how long the sealer waits after a batch that was not full (default 150, 10..10000);
 *                       after a full batch it seals the next at once
 * @param sealBatch      pending rows sealed per transaction at most (default 2000, 1..20000)
 * @param mergeDelayMs   the promise: every committed row is in its chain within this many milliseconds of its
 *                       {@code at} (default 1000, 100..3600000); an older unsealed row is overdue (the verifier
 *                       says not ok, the {@code OneGoAuditMergeDelayBroken} alert fires when it lasts)
 * @param leaseMs        how long the sealer's lease lasts without renewal (default 3000; at least three
 *                       intervals, at most 600000): a dead sealer's rows wait this long at most for another node
 */
public record AuditSettings(int sealIntervalMs, int sealBatch, int mergeDelayMs, int leaseMs) {
  public static AuditSettings read(ConfigNode n) {
    int interval = (int) n.range("sealIntervalMs", 150, 10, 10_000);
    int lease = (int) n.range("leaseMs", 3000, 30, 600_000);
    if (lease < 3L * interval) throw n.get("leaseMs").fail("must be at least three sealIntervalMs (" + 3L * interval + ")");
    return new AuditSettings(interval, (int) n.range("sealBatch", 2000, 1, 20_000), (int) n.range("mergeDelayMs", 1000, 100, 3_600_000), lease);
  }
}
