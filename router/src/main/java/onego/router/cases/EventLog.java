package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.CaseStatus;
import onego.domain.ProgressEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static onego.router.cases.Table.Type.INT;
import static onego.router.cases.Table.Type.JSONB;
import static onego.router.cases.Table.Type.TEXT;
import static onego.router.cases.Table.Type.TIMESTAMPTZ;
import static onego.router.cases.Table.col;

/**
 * A case's progress log, {@code case_events}: one row is one {@link ProgressEvent}. Written only
 * by {@link CaseLog} inside its transactions. The seq counter is {@code cases.last_seq}: a change
 * holds the case row locked, so the seqs it gives are 1, 2, 3, ... without gaps (a rolled-back
 * transaction rolls its seqs back too).
 */
final class EventLog {
  /** The table, its columns in the order of {@link ProgressEvent}'s components. */
  static final Table TABLE = new Table("case_events", List.of(
      col("case_id", Table.Type.UUID), col("seq", INT), col("type", TEXT), col("item_id", Table.Type.UUID), col("status", TEXT),
      col("at", TIMESTAMPTZ), col("data", JSONB)));
  private static final String INSERT = TABLE.insertMany();
  // = ANY($1) beside the join keeps the plan an index scan of the few cases whatever unnest's row estimate
  private static final String BUMP = """
      UPDATE cases c SET last_seq = u.last_seq, updated_at = u.at, status = coalesce(u.status, c.status)
      FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::int[], $5::text[]) AS u(case_id, last_seq, at, was, status)
      WHERE c.case_id = ANY($1) AND c.case_id = u.case_id AND c.last_seq = u.was""";

  private EventLog() {}

  /** The event read from {@code r}, whose columns from {@code first} on are {@link #TABLE}'s, in order. */
  static ProgressEvent from(Row r, int first) {
    int k = first;
    return new ProgressEvent(r.getUUID(k++), r.getInteger(k++), r.getString(k++), r.getUUID(k++), r.getString(k++),
        r.getOffsetDateTime(k++), r.getJsonObject(k));
  }

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
    Tuple args = TABLE.insertArgs(events, e -> new Object[] {e.caseId(), e.seq(), e.type(), e.itemId(), e.status(), e.at(), e.data()});
    return conn.preparedQuery(INSERT).execute(args).mapEmpty();
  }

  /**
   * One locked case's log counter moving from {@code lastSeq} (as locked) to {@code newLastSeq}, its
   * {@code updated_at} to {@code at}, and its status to {@code status} in the same statement (null: unchanged).
   */
  record Bump(UUID caseId, int lastSeq, int newLastSeq, OffsetDateTime at, CaseStatus status) {}

  /**
   * Moves the counters of locked cases (one statement for any number); fails if one had moved meanwhile
   * (which the lock rules out: a failure here is a bug, and the transaction rolls back).
   */
  static Future<Void> bump(SqlConnection conn, List<Bump> bumps) {
    if (bumps.isEmpty()) return Future.succeededFuture();
    int n = bumps.size();
    UUID[] ids = new UUID[n];
    Integer[] last = new Integer[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    Integer[] was = new Integer[n];
    String[] status = new String[n];
    for (int k = 0; k < n; k++) {
      Bump b = bumps.get(k);
      ids[k] = b.caseId();
      last[k] = b.newLastSeq();
      at[k] = b.at();
      was[k] = b.lastSeq();
      status[k] = b.status() == null ? null : b.status().name();
    }
    Tuple args = Tuple.tuple().addArrayOfUUID(ids).addArrayOfInteger(last).addArrayOfOffsetDateTime(at).addArrayOfInteger(was)
        .addArrayOfString(status);
    return conn.preparedQuery(BUMP).execute(args).compose(rs -> rs.rowCount() == n ? Future.<Void>succeededFuture()
        : Future.failedFuture(new IllegalStateException("a case moved on while locked: " + rs.rowCount() + " of " + n + " counters moved")));
  }

  private static final String AFTER = TABLE.selectFrom("WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");

  /** Up to {@code limit} events of the case with seq greater than {@code after}, in seq order (times as stored, UTC). */
  static Future<List<ProgressEvent>> after(SqlClient db, UUID caseId, int after, int limit) {
    return db.preparedQuery(AFTER).execute(Tuple.of(caseId, after, limit)).map(rs -> {
      List<ProgressEvent> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(from(r, 0));
      return out;
    });
  }
}
