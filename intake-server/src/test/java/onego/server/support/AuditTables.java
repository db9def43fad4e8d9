package onego.server.support;

import java.util.List;

/**
 * The audit trail as a test sees it. The tables refuse UPDATE, DELETE and TRUNCATE (triggers), so
 * what a test undoes or tampers with runs as the superuser with triggers off for its transaction.
 */
public final class AuditTables {
  private AuditTables() {}

  /** Empties the trail (heads first, so an append under way finishes before, or starts a new chain after). */
  public static void reset() {
    asSuperuser("DELETE FROM audit_days; DELETE FROM audit_log");
  }

  /** Runs {@code statements} in one transaction with triggers off (session_replication_role = replica). */
  public static void asSuperuser(String statements) {
    TestServices.sql("BEGIN; SET LOCAL session_replication_role = replica; " + statements + "; COMMIT");
  }

  /** The actions recorded for a case, in chain order. */
  public static List<String> actions(String caseId) {
    return TestServices.column("SELECT action FROM audit_log WHERE case_id = '" + caseId + "' ORDER BY day, day_seq");
  }

  /** {@code action|actor_id|actor_role|actor_unit} of a case's rows, in chain order. */
  public static List<String> actors(String caseId) {
    return TestServices.column("SELECT action || '|' || actor_id || '|' || actor_role || '|' || coalesce(actor_unit, '-') "
        + "FROM audit_log WHERE case_id = '" + caseId + "' ORDER BY day, day_seq");
  }

  /** Rows whose text anywhere holds {@code clear} (an ID number or phone that must never be stored). */
  public static long rowsHolding(String clear) {
    return TestServices.count("SELECT count(*) FROM audit_log a WHERE a::text LIKE '%" + clear + "%'");
  }

  /** Today's day in the trail's zone, as the chain numbers it. */
  public static String today() {
    return java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
  }
}
