package onego.router.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.ProgressEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends to a case's progress log inside the caller's transaction. The seq counter lives on
 * the case row; bumping it takes that row's lock, so concurrent writers of one case queue up
 * and seqs stay 1, 2, 3, ... without gaps (a rolled-back transaction rolls its seqs back too).
 */
public final class EventLog {
  private static final String BUMP = "UPDATE cases SET last_seq = last_seq + $2, updated_at = $3 WHERE case_id = $1 RETURNING last_seq";
  private static final String INSERT = "INSERT INTO case_events (case_id, seq, type, item_id, status, at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  private static final String CASE_STATUS = "UPDATE cases SET status = $2 WHERE case_id = $1";

  private EventLog() {}

  public static Future<List<ProgressEvent>> append(SqlConnection conn, UUID caseId, OffsetDateTime at, List<NewEvent> events) {
    if (events.isEmpty()) return Future.succeededFuture(List.of());
    return conn.preparedQuery(BUMP).execute(Tuple.of(caseId, events.size(), at)).compose(rs -> {
      Row row = rs.iterator().hasNext() ? rs.iterator().next() : null;
      if (row == null) return Future.failedFuture(new IllegalStateException("no case " + caseId));
      int first = row.getInteger(0) - events.size() + 1;
      List<ProgressEvent> out = new ArrayList<>(events.size());
      List<Tuple> rows = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        NewEvent e = events.get(i);
        ProgressEvent p = new ProgressEvent(caseId, first + i, e.type(), e.itemId(), e.status(), at, e.data());
        out.add(p);
        rows.add(Tuple.from(new Object[] {caseId, p.seq(), p.type(), p.itemId(), p.status(), at, p.data()}));
      }
      return conn.preparedQuery(INSERT).executeBatch(rows).map(out);
    });
  }

  /** Sets the case's status; the matching event is the caller's to append. */
  public static Future<Void> setCaseStatus(SqlConnection conn, UUID caseId, String status) {
    return conn.preparedQuery(CASE_STATUS).execute(Tuple.of(caseId, status)).mapEmpty();
  }
}
