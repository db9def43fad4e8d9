package onego.server.config;

import onego.domain.ConfigNode;

/**
 * How long operational rows are kept ({@code retention:}); older ones are deleted by the hourly sweep.
 *
 * @param deliveryAttemptsDays    the {@code deliveries} table (one row per push attempt)
 * @param departmentCallbacksDays eventIds remembered to make department status reports idempotent
 */
public record RetentionSettings(int deliveryAttemptsDays, int departmentCallbacksDays) {
  public static RetentionSettings read(ConfigNode n) {
    return new RetentionSettings((int) n.range("deliveryAttemptsDays", 30, 1, 3650), (int) n.range("departmentCallbacksDays", 30, 1, 3650));
  }
}
