package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import onego.domain.AuditEntry;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An {@link AuditSink} that keeps what it was asked to append once the transaction it was asked in
 * has committed (a rolled-back change leaves nothing here, as it leaves no row in the real trail),
 * one list per append call. It can be told to refuse entries, failing the append like a database
 * error would. The real trail ({@code onego.server.audit.AuditTrail}) chains hashes this test does
 * not know, so nothing is written to {@code audit_log}.
 */
public final class RecordingAuditSink implements AuditSink {
  private final List<List<AuditEntry>> committed = new CopyOnWriteArrayList<>();
  private volatile Predicate<AuditEntry> refused = e -> false;

  @Override
  public Future<Void> append(SqlConnection conn, List<AuditEntry> entries) {
    if (entries.stream().anyMatch(refused)) return Future.failedFuture(new IllegalStateException("the audit trail refused (test)"));
    List<AuditEntry> copy = List.copyOf(entries);
    conn.transaction().completion().onSuccess(v -> committed.add(copy));
    return Future.succeededFuture();
  }

  /** From now on, fails every append holding an entry that matches. */
  public void refuse(Predicate<AuditEntry> entries) {
    refused = entries;
  }

  /** Committed appends, each the entries of one call, in commit order. */
  public List<List<AuditEntry>> committedAppends() {
    return List.copyOf(committed);
  }

  /** Every committed entry about {@code caseId}. */
  public List<AuditEntry> committedFor(UUID caseId) {
    return committed.stream().flatMap(List::stream).filter(e -> caseId.equals(e.caseId())).toList();
  }

  /** Forgets everything and refuses nothing again. */
  public void clear() {
    committed.clear();
    refused = e -> false;
  }
}
