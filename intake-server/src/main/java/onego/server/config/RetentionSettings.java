package onego.server.config;

import onego.domain.ConfigNode;

/**
 * How long operational rows are kept ({@code retention:}); older ones are deleted by the hourly sweep.
 *
 * @param deliveryAttemptsDays    the {@code deliveries} table (one row per push attempt)
 * @param departmentCallbacksDays eventIds remembered to make department status reports idempotent
 * @param auditDays               the audit trail, in whole days (default 1825, five years; at least 30,
 *                                which the database's purge function enforces too)
 */
public record RetentionSettings(int deliveryAttemptsDays, int departmentCallbacksDays, int auditDays) {
  public static RetentionSettings read(ConfigNode n) {
    return new RetentionSettings((int) n.range("deliveryAttemptsDays", 30, 1, 3650), (int) n.range("departmentCallbacksDays", 30, 1, 3650),
        (int) n.range("auditDays", 1825, 30, 36500));
  }
}
