package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.ProgressEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of a case's progress log, used only by {@link CaseLog} inside its transactions. The
 * seq counter is {@code cases.last_seq}: a change holds the case row locked, so the seqs it gives
 * are 1, 2, 3, ... without gaps (a rolled-back transaction rolls its seqs back too).
 */
final class EventLog {
  /** Any number of events in one statement (arrays, one element per event; see {@link CaseLog}). */
  private static final String INSERT = """
      INSERT INTO case_events (case_id, seq, type, item_id, status, at, data)
      SELECT e.case_id, e.seq, e.type, e.item_id, e.status, e.at, e.data::jsonb
      FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[], $7::text[])
        AS e(case_id, seq, type, item_id, status, at, data)""";
  private static final String BUMP = "UPDATE cases SET last_seq = $2, updated_at = $3 WHERE case_id = $1 AND last_seq = $4";

  private EventLog() {}

  /** The events numbered from {@code firstSeq}, all at {@code at}. */
  static List<ProgressEvent> number(UUID caseId, int firstSeq, OffsetDateTime at, List<NewEvent> events) {
    List<ProgressEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      NewEvent e = events.get(i);
      out.add(new ProgressEvent(caseId, firstSeq + i, e.type().name(), e.itemId(), e.status(), at, e.data()));
    }
    return out;
  }

  /** Inserts events of any number of cases (the one INSERT into case_events). */
  static Future<Void> insert(SqlConnection conn, List<ProgressEvent> events) {
    if (events.isEmpty()) return Future.succeededFuture();
    int n = events.size();
    UUID[] caseIds = new UUID[n];
    Integer[] seqs = new Integer[n];
    String[] types = new String[n];
    UUID[] itemIds = new UUID[n];
    String[] statuses = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] data = new String[n];
    for (int k = 0; k < n; k++) {
      ProgressEvent p = events.get(k);
      caseIds[k] = p.caseId();
      seqs[k] = p.seq();
      types[k] = p.type();
      itemIds[k] = p.itemId();
      statuses[k] = p.status();
      at[k] = p.at();
      data[k] = CaseLog.encode(p.data());
    }
    Tuple t = Tuple.tuple().addArrayOfUUID(caseIds).addArrayOfInteger(seqs).addArrayOfString(types).addArrayOfUUID(itemIds)
        .addArrayOfString(statuses).addArrayOfOffsetDateTime(at).addArrayOfString(data);
    return conn.preparedQuery(INSERT).execute(t).mapEmpty();
  }

  /**
   * Appends to a locked case whose counter stood at {@code lastSeq}; fails if the counter moved
   * (which the lock rules out: a failure here is a bug, and the transaction rolls back).
   */
  static Future<List<ProgressEvent>> append(SqlConnection conn, UUID caseId, int lastSeq, OffsetDateTime at, List<NewEvent> events) {
    if (events.isEmpty()) return Future.succeededFuture(List.of());
    List<ProgressEvent> numbered = number(caseId, lastSeq + 1, at, events);
    return conn.preparedQuery(BUMP).execute(Tuple.of(caseId, lastSeq + events.size(), at, lastSeq)).compose(rs -> {
      if (rs.rowCount() != 1) return Future.failedFuture(new IllegalStateException("case " + caseId + " moved on while locked"));
      return insert(conn, numbered).map(numbered);
    });
  }
}
