package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import onego.domain.DomainError;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code cards} table (红黄牌, 个案追查和责任追究; contract "Supervision", Cards): a card is raised
 * once per cause (the unique {@code cause}, so a second scan, a restart or another node raises
 * nothing), in the transaction of the change that raised it; its department explains it
 * ({@code OPEN}/{@code EXPLAINED} → {@code EXPLAINED}); admin closes it with a verdict
 * ({@code upheld}: it counts against the department; {@code withdrawn}: it does not). A closed card
 * is final (409).
 */
public final class Cards {
  private static final String INSERT = "INSERT INTO cards (" + CardRow.TABLE.select(null) + ") VALUES ("
      + String.join(", ", java.util.stream.IntStream.rangeClosed(1, CardRow.TABLE.columns.size()).mapToObj(k -> "$" + k).toList())
      + ") ON CONFLICT (cause) DO NOTHING RETURNING card_id";
  private static final String LIST = CardRow.TABLE.selectFrom("""
      WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR state = $3)
        AND ($4::text IS NULL OR department = $4) ORDER BY raised_at DESC, card_id LIMIT $5""");
  private static final String ONE = CardRow.TABLE.selectFrom("WHERE card_id = $1");
  private static final String EXPLAIN = "UPDATE cards SET state = 'EXPLAINED', explanation = $3 WHERE card_id = $1 AND department = $2 "
      + "AND state <> 'CLOSED' RETURNING " + CardRow.TABLE.select(null);
  private static final String CLOSE = "UPDATE cards SET state = 'CLOSED', verdict = $2, note = $3, closed_at = $4, closed_by = $5 "
      + "WHERE card_id = $1 AND state <> 'CLOSED' RETURNING " + CardRow.TABLE.select(null);
  private static final String FIGURES = """
      SELECT department, level, state, count(*) AS n, count(*) FILTER (WHERE verdict = 'upheld') AS upheld
      FROM cards WHERE ($1::timestamptz IS NULL OR raised_at >= $1) AND ($2::timestamptz IS NULL OR raised_at < $2)
      GROUP BY department, level, state""";

  /** One department's cards of one level in one state, within a time window ({@link #figures}). */
  public record Figure(String department, String level, String state, long count, long upheld) {}

  private final Pool pool;

  public Cards(Pool pool) {
    this.pool = pool;
  }

  /**
   * Raises {@code card} on {@code conn} (the transaction of the change that caused it), unless a
   * card of the same cause exists; answers whether it was raised.
   */
  static Future<Boolean> raise(SqlClient conn, CardRow card) {
    return conn.preparedQuery(INSERT).execute(Tuple.from(card.values())).map(rs -> rs.rowCount() > 0);
  }

  /**
   * Raises a card of {@code kind} on {@code conn}, the transaction of the change that caused it (for
   * the features that keep rows beside a case, e.g. an overdue complaint: kind {@code complaint},
   * cause {@code complaint:<complaintId>}), unless a card of {@code cause} exists; answers whether it
   * was raised. {@code caseId} and {@code itemId} may be null.
   */
  public static Future<Boolean> raise(SqlClient conn, String cause, String level, String kind, UUID caseId, UUID itemId, String department,
                                      OffsetDateTime at) {
    if (!CardRow.KINDS.contains(kind) || !(level.equals("yellow") || level.equals("red"))) {
      return Future.failedFuture(new IllegalArgumentException("no card of level " + level + " and kind " + kind));
    }
    return raise(conn, CardRow.raised(cause, level, kind, caseId, itemId, department, at));
  }

  /** The cause of a deadline card: one yellow and one red per item. */
  public static String deadlineCause(UUID itemId, boolean red) {
    return "deadline:" + (red ? "red" : "yellow") + ":" + itemId;
  }

  /** Cards matching every non-null filter, newest first, at most {@code limit}. */
  public Future<List<CardRow>> list(String level, String kind, String state, String department, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(level, kind, state, department, limit)).map(rs -> {
      List<CardRow> out = new ArrayList<>();
      for (Row r : rs) out.add(CardRow.from(r));
      return out;
    });
  }

  /**
   * The department's explanation {reason, responsiblePerson, measures} of its own card (EXPLAINED;
   * a second explanation replaces the first). 404 for no such card or another department's; 409
   * for a closed one.
   */
  public Future<CardRow> explain(UUID cardId, String department, JsonObject explanation, OffsetDateTime at) {
    JsonObject stored = explanation.copy().put("explainedAt", at.toString());
    return pool.preparedQuery(EXPLAIN).execute(Tuple.of(cardId, department, stored)).compose(rs -> {
      if (rs.size() > 0) return Future.succeededFuture(CardRow.from(rs.iterator().next()));
      return one(cardId).compose(card -> {
        if (!card.department().equals(department)) return Future.failedFuture(DomainError.notFound("no card " + cardId));
        return Future.failedFuture(DomainError.conflict("card " + cardId + " is closed"));
      });
    });
  }

  /** Admin closes a card with {@code verdict} {@code upheld} or {@code withdrawn}. 404 unknown; 409 already closed. */
  public Future<CardRow> close(UUID cardId, String verdict, String note, String closedBy, OffsetDateTime at) {
    return pool.preparedQuery(CLOSE).execute(Tuple.of(cardId, verdict, note, at, closedBy)).compose(rs -> {
      if (rs.size() > 0) return Future.succeededFuture(CardRow.from(rs.iterator().next()));
      return one(cardId).compose(card -> Future.failedFuture(DomainError.conflict("card " + cardId + " is already closed")));
    });
  }

  /** One card; 404 when there is none. */
  public Future<CardRow> one(UUID cardId) {
    return pool.preparedQuery(ONE).execute(Tuple.of(cardId)).compose(rs -> rs.size() == 0
        ? Future.failedFuture(DomainError.notFound("no card " + cardId)) : Future.succeededFuture(CardRow.from(rs.iterator().next())));
  }

  /** Cards raised in [{@code from}, {@code to}) (a null bound is open) counted per department, level and state, with the upheld ones among them. */
  public Future<List<Figure>> figures(OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery(FIGURES).execute(Tuple.of(from, to)).map(rs -> {
      List<Figure> out = new ArrayList<>();
      for (Row r : rs) out.add(new Figure(r.getString("department"), r.getString("level"), r.getString("state"), r.getLong("n"), r.getLong("upheld")));
      return out;
    });
  }
}
