package onego.server.support;

import java.time.Duration;
import java.util.List;

/**
 * The audit trail as a test sees it. The tables refuse UPDATE, DELETE and TRUNCATE (triggers), so
 * what a test undoes or tampers with runs as the superuser with triggers off for its transaction.
 * Rows commit as pending ({@code audit_pending}) and a node's sealer chains them within the merge
 * delay: the readers here first wait for that ({@link #awaitSealed}).
 */
public final class AuditTables {
  /** The sealer's advisory lock key (onego.server.audit.AuditSealer.SEAL_LOCK). */
  private static final long SEAL_LOCK = 0x6F6E65676F617564L;
  private static final Duration SEALED_WITHIN = Duration.ofSeconds(30);

  private AuditTables() {}

  /** Empties the trail, pending rows too, holding the seal lock so no seal runs meanwhile. */
  public static void reset() {
    asSuperuser("SELECT pg_advisory_xact_lock(" + SEAL_LOCK + "); DELETE FROM audit_pending; DELETE FROM audit_days; DELETE FROM audit_log");
  }

  /** Runs {@code statements} in one transaction with triggers off (session_replication_role = replica). */
  public static void asSuperuser(String statements) {
    TestServices.sql("BEGIN; SET LOCAL session_replication_role = replica; " + statements + "; COMMIT");
  }

  /**
   * Waits (at most 30 s) until every audit row committed so far is sealed into its chain: the pending rows
   * seen now are gone (rows committed later may still be pending). Needs a running sealer (a test node's).
   */
  public static void awaitSealed() {
    long upTo = TestServices.count("SELECT coalesce(max(id), 0) FROM audit_pending");
    Await.until("audit rows up to pending id " + upTo + " sealed", SEALED_WITHIN,
        () -> TestServices.count("SELECT count(*) FROM audit_pending WHERE id <= " + upTo) == 0);
  }

  /** The actions recorded for a case, in chain order (once what is committed is sealed). */
  public static List<String> actions(String caseId) {
    awaitSealed();
    return TestServices.column("SELECT action FROM audit_log WHERE case_id = '" + caseId + "' ORDER BY day, day_seq");
  }

  /** {@code action|actor_id|actor_role|actor_unit} of a case's rows, in chain order (once what is committed is sealed). */
  public static List<String> actors(String caseId) {
    awaitSealed();
    return TestServices.column("SELECT action || '|' || actor_id || '|' || actor_role || '|' || coalesce(actor_unit, '-') "
        + "FROM audit_log WHERE case_id = '" + caseId + "' ORDER BY day, day_seq");
  }

  /** Rows, sealed or pending, whose text anywhere holds {@code clear} (an ID number or phone that must never be stored). */
  public static long rowsHolding(String clear) {
    return TestServices.count("SELECT (SELECT count(*) FROM audit_log a WHERE a::text LIKE '%" + clear + "%') "
        + "+ (SELECT count(*) FROM audit_pending p WHERE p::text LIKE '%" + clear + "%')");
  }

  /** Today's day in the trail's zone, as the chain numbers it. */
  public static String today() {
    return java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
  }
}
