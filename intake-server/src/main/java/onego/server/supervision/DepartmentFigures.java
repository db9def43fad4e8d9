package onego.server.supervision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.router.cases.Cards;

import java.time.OffsetDateTime;
import java.util.TreeMap;

/**
 * The per-department figures of {@code /stats} that accountability adds (contract "Supervision",
 * {@code /stats}): of the items of cases submitted in the window, the finished ones (COMPLETED,
 * REJECTED, REVOKED) and how many of them finished by their {@code dueAt} (the on-time rate), the
 * items whose running clock is past {@code dueAt} now (overdue), and the cards raised in the window by
 * level and state, with the upheld ones counted against the department ({@code upheldRedCards}).
 */
public final class DepartmentFigures {
  private static final String ITEMS = """
      SELECT i.department,
             count(*) FILTER (WHERE i.status IN ('COMPLETED', 'REJECTED', 'REVOKED')) AS finished,
             count(*) FILTER (WHERE i.status IN ('COMPLETED', 'REJECTED', 'REVOKED') AND i.updated_at <= i.due_at) AS on_time,
             count(*) FILTER (WHERE i.status IN ('QUEUED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS', 'DELIVERY_FAILED')
                              AND i.due_at < now()) AS overdue
      FROM case_items i JOIN cases c ON c.case_id = i.case_id
      WHERE ($1::timestamptz IS NULL OR c.created_at >= $1) AND ($2::timestamptz IS NULL OR c.created_at < $2)
      GROUP BY i.department""";

  private final Pool pool;
  private final Cards cards;

  public DepartmentFigures(Pool pool, Cards cards) {
    this.pool = pool;
    this.cards = cards;
  }

  /**
   * {department code → {finishedItems, onTimeItems, onTimeRate (0..1, null with nothing finished),
   * overdueItems, cards: {yellow|red: {OPEN, EXPLAINED, CLOSED}}, upheldRedCards, upheldCards}} for
   * {@code [from, to)} (null bounds open), departments in code order.
   */
  public Future<JsonObject> of(OffsetDateTime from, OffsetDateTime to) {
    Future<io.vertx.sqlclient.RowSet<Row>> items = pool.preparedQuery(ITEMS).execute(Tuple.of(from, to));
    Future<java.util.List<Cards.Figure>> raised = cards.figures(from, to);
    return Future.all(items, raised).map(v -> {
      TreeMap<String, JsonObject> out = new TreeMap<>();
      for (Row r : items.result()) {
        long finished = r.getLong("finished");
        long onTime = r.getLong("on_time");
        entry(out, r.getString("department")).put("finishedItems", finished).put("onTimeItems", onTime)
            .put("onTimeRate", finished == 0 ? null : Math.round(10_000.0 * onTime / finished) / 10_000.0)
            .put("overdueItems", r.getLong("overdue"));
      }
      for (Cards.Figure f : raised.result()) {
        JsonObject d = entry(out, f.department());
        JsonObject level = d.getJsonObject("cards").getJsonObject(f.level());
        level.put(f.state(), level.getLong(f.state()) + f.count());
        if ("red".equals(f.level())) d.put("upheldRedCards", d.getLong("upheldRedCards") + f.upheld());
        d.put("upheldCards", d.getLong("upheldCards") + f.upheld());
      }
      JsonObject all = new JsonObject();
      out.forEach(all::put);
      return all;
    });
  }

  private static JsonObject entry(TreeMap<String, JsonObject> out, String department) {
    return out.computeIfAbsent(department, d -> new JsonObject().put("finishedItems", 0L).put("onTimeItems", 0L).put("onTimeRate", null)
        .put("overdueItems", 0L).put("cards", new JsonObject().put("yellow", states()).put("red", states()))
        .put("upheldRedCards", 0L).put("upheldCards", 0L));
  }

  private static JsonObject states() {
    return new JsonObject().put("OPEN", 0L).put("EXPLAINED", 0L).put("CLOSED", 0L);
  }
}
