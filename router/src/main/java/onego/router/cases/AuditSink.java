package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import onego.domain.AuditEntry;

import java.util.List;

/**
 * Where {@link CaseLog} records who changed a case: the audit trail, written on the connection of
 * the change's own transaction, so a rolled-back change leaves no row. The rows are queued there
 * (no shared row is locked), so the call may come anywhere in the transaction.
 */
@FunctionalInterface
public interface AuditSink {
  /** Appends {@code entries} (in this order) inside the transaction of {@code conn}. */
  Future<Void> append(SqlConnection conn, List<AuditEntry> entries);
}
