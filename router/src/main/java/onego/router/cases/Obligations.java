package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The statements on {@code obligations} that a {@link CaseTransaction} runs under its case's lock
 * (the rules are {@link ItemFlow}'s: 容缺 handed in or overdue, 告知承诺 verified or overdue).
 */
final class Obligations {
  private static final String OF_CASE = ObligationRow.TABLE.selectFrom("WHERE case_id = $1 ORDER BY kind DESC, material");
  private static final String SETTLE = """
      UPDATE obligations SET state = $4, settled_at = $5, settled_by = $6, note = $7
      WHERE case_id = $1 AND kind = $2 AND material = $3""";
  private static final String CARDED = """
      UPDATE obligations SET state = $4, carded_at = $5 WHERE case_id = $1 AND kind = $2 AND material = $3""";

  private Obligations() {}

  static Future<List<ObligationRow>> of(SqlConnection conn, UUID caseId) {
    return conn.preparedQuery(OF_CASE).execute(Tuple.of(caseId)).map(rs -> {
      List<ObligationRow> out = new ArrayList<>();
      for (Row r : rs) out.add(ObligationRow.from(r));
      return out;
    });
  }

  /** Supplied, confirmed or found false: {@code state} at {@code at} by {@code by}, with the department's {@code note}. */
  static Future<Void> settle(SqlConnection conn, ObligationRow o, String state, OffsetDateTime at, String by, String note) {
    return conn.preparedQuery(SETTLE).execute(Tuple.from(new Object[] {o.caseId(), o.kind(), o.material(), state, at, by, note})).mapEmpty();
  }

  /** Its overdue card raised at {@code at}; the state becomes {@code state} (OVERDUE for a waiver, PENDING stays for a commitment). */
  static Future<Void> carded(SqlConnection conn, ObligationRow o, String state, OffsetDateTime at) {
    return conn.preparedQuery(CARDED).execute(Tuple.of(o.caseId(), o.kind(), o.material(), state, at)).mapEmpty();
  }
}
