package onego.server.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Walks the hash chain of a day ({@code GET /admin/audit/verify}): every row must sit at the next
 * seq (1, 2, 3, ...: a deleted row leaves a gap), carry the previous row's hash (the first row 64
 * zeros), and carry the hash of its own content; the last row must be the one the day's head
 * ({@code audit_days}) names, so a removed tail shows too. The head is read first and the walk
 * stops at the seq it names: rows appended meanwhile belong to the next verification. Rows are
 * read in pages and hashed on a worker thread, never on the event loop. It also reports the rows
 * committed but not yet sealed ({@link AuditBacklog}, of the day asked or of all days): the sealer
 * promises to chain each within {@code audit.mergeDelayMs} of its time, so one older than that
 * (overdue) makes the verification not ok even when every chain holds.
 */
public final class AuditVerifier {
  static final int PAGE = 5_000;
  private static final String PAGE_SQL = "SELECT " + AuditRow.COLUMNS + " FROM audit_log WHERE day = $1 AND day_seq > $2 AND day_seq <= $3 ORDER BY day_seq LIMIT " + PAGE;
  private static final String HEAD = "SELECT last_seq, last_hash FROM audit_days WHERE day = $1";
  private static final String HEAD_DAYS = "SELECT day FROM audit_days ORDER BY day";
  // every day that has rows, by skipping along the primary key (no scan of the whole table)
  private static final String ROW_DAYS = """
      WITH RECURSIVE d AS (
        SELECT min(day) AS day FROM audit_log
        UNION ALL SELECT (SELECT min(day) FROM audit_log WHERE day > d.day) FROM d WHERE d.day IS NOT NULL)
      SELECT day FROM d WHERE day IS NOT NULL""";

  private final Vertx vertx;
  private final Pool pool;
  private final AuditBacklog unsealed;

  /** {@code unsealed}: the pending rows and the merge delay promise they are held to. */
  public AuditVerifier(Vertx vertx, Pool pool, AuditBacklog unsealed) {
    this.vertx = vertx;
    this.pool = pool;
    this.unsealed = unsealed;
  }

  /** Where a day's chain stands after some rows: the next expected seq and the hash to chain from; or the first break. */
  private record Walk(int lastSeq, String lastHash, Break broken) {}

  /** A day whose chain holds: its rows and the hash of its last row. */
  public record Day(LocalDate day, int rows, String lastHash) {}

  /** The first break found: the day, the seq where the chain breaks, and why. */
  public record Break(LocalDate day, int seq, String reason) {}

  /**
   * What a verification found: the days that hold (oldest first), the first break (null when every day holds), and
   * the rows not yet sealed; ok when no chain breaks and no unsealed row is overdue.
   */
  public record Verification(List<Day> days, Break broken, AuditBacklog.Unsealed unsealed) {
    public boolean ok() { return broken == null && unsealed.overdue() == 0; }
  }

  /** Verifies one day, or every day (oldest first) when {@code day} is null, stopping at the first break. */
  public Future<Verification> verify(LocalDate day) {
    Future<List<LocalDate>> days = day != null ? Future.succeededFuture(List.of(day)) : allDays();
    return days.compose(list -> next(list, 0, new ArrayList<>()))
        .compose(chains -> unsealed.read(day).map(u -> new Verification(chains.days(), chains.broken(), u)));
  }

  /** The chains' part of a verification. */
  private record Chains(List<Day> days, Break broken) {}

  private Future<Chains> next(List<LocalDate> days, int i, List<Day> done) {
    if (i == days.size()) return Future.succeededFuture(new Chains(List.copyOf(done), null));
    LocalDate day = days.get(i);
    return verifyDay(day, true).compose(w -> {
          if (w.broken() != null) return Future.succeededFuture(new Chains(List.copyOf(done), w.broken()));
          done.add(new Day(day, w.lastSeq(), w.lastHash()));
          return next(days, i + 1, done);
        });
  }

  /** The head first, then the chain up to the seq it names; a day whose head appeared meanwhile (its first rows) is read again once. */
  private Future<Walk> verifyDay(LocalDate day, boolean again) {
    return head(day).compose(head -> walk(day, new Walk(0, AuditRow.GENESIS, null), head == null ? Integer.MAX_VALUE : head.getInteger("last_seq"))
        .compose(w -> {
          if (w.broken() != null) return Future.succeededFuture(w);
          if (head != null) return Future.succeededFuture(checkHead(day, w, head));
          return head(day).compose(now -> now != null && again ? verifyDay(day, false) : Future.succeededFuture(checkHead(day, w, now)));
        }));
  }

  private Future<Row> head(LocalDate day) {
    return pool.preparedQuery(HEAD).execute(Tuple.of(day)).map(rs -> rs.size() == 0 ? null : rs.iterator().next());
  }

  private Future<Walk> walk(LocalDate day, Walk from, int through) {
    return pool.preparedQuery(PAGE_SQL).execute(Tuple.of(day, from.lastSeq(), through)).compose(rs -> {
      List<AuditRow> rows = new ArrayList<>(rs.size());
      for (Row r : rs) rows.add(AuditRow.of(r));
      return vertx.executeBlocking(() -> check(day, from, rows), false)
          .compose(w -> w.broken() != null || rows.size() < PAGE ? Future.succeededFuture(w) : walk(day, w, through));
    });
  }

  static Walk check(LocalDate day, Walk from, List<AuditRow> rows) {
    int seq = from.lastSeq();
    String prev = from.lastHash();
    for (AuditRow r : rows) {
      int expected = seq + 1;
      if (r.seq() != expected) return broken(day, expected, "row " + expected + " is missing (the next row is " + r.seq() + ")");
      if (!r.prevHash().equals(prev)) return broken(day, r.seq(), "prev_hash is not the hash of row " + seq);
      if (!r.hash().equals(AuditRow.hash(prev, r.seq(), r.canonical()))) return broken(day, r.seq(), "the row's content does not match its hash");
      seq = r.seq();
      prev = r.hash();
    }
    return new Walk(seq, prev, null);
  }

  private static Walk checkHead(LocalDate day, Walk w, Row head) {
    if (head == null) return w.lastSeq() == 0 ? w : broken(day, w.lastSeq(), "the day has rows but no head in audit_days");
    int headSeq = head.getInteger("last_seq");
    if (headSeq != w.lastSeq() || !head.getString("last_hash").equals(w.lastHash())) {
      return broken(day, Math.min(headSeq, w.lastSeq()) + 1,
          "the day's head names " + headSeq + " rows ending in " + head.getString("last_hash") + "; the chain has " + w.lastSeq());
    }
    return w;
  }

  private static Walk broken(LocalDate day, int seq, String reason) {
    return new Walk(seq, null, new Break(day, seq, reason));
  }

  private Future<List<LocalDate>> allDays() {
    return pool.query(HEAD_DAYS).execute().compose(heads -> pool.query(ROW_DAYS).execute().map(rows -> {
      TreeSet<LocalDate> all = new TreeSet<>();
      for (Row r : heads) all.add(r.getLocalDate(0));
      for (Row r : rows) all.add(r.getLocalDate(0));
      return List.copyOf(all);
    }));
  }
}
