package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import onego.domain.AuditEntry;

import java.util.List;

/**
 * Where {@link CaseLog} records who changed a case: the audit trail, written on the connection of
 * the change's own transaction, as its last statement, so a rolled-back change leaves no row.
 */
@FunctionalInterface
public interface AuditSink {
  /** Appends {@code entries} (in this order) inside the transaction of {@code conn}. */
  Future<Void> append(SqlConnection conn, List<AuditEntry> entries);
}
