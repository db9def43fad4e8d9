package onego.server.config;

import onego.domain.ConfigNode;

/**
 * Intake ({@code intake:}).
 *
 * @param groupCommit               how submissions share transactions
 * @param idempotencyRetentionHours how long Idempotency-Keys are kept (contract: at least 24 h)
 */
public record IntakeSettings(GroupCommit groupCommit, int idempotencyRetentionHours) {
  public static IntakeSettings read(ConfigNode n) {
    ConfigNode gc = n.optObj("groupCommit");
    return new IntakeSettings(
        new GroupCommit((int) gc.range("maxBatch", 64, 1, 1000), (int) gc.range("maxDelayMs", 5, 0, 1000),
            (int) gc.range("maxConcurrentBatches", 4, 1, 64), (int) gc.range("maxPending", 2000, 1, 1_000_000)),
        (int) n.range("idempotencyRetentionHours", 48, 24, 24 * 365));
  }
}
