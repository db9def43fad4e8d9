package onego.server.streams;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.ProgressEvent;
import onego.domain.Times;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading a case's progress log back by seq; the JSON is the same as what the event bus carries. */
public final class EventQueries {
  private static final String AFTER = """
      SELECT seq, type, item_id, status, at, data FROM case_events
      WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

  private final Pool pool;
  private final ZoneId zone;

  public EventQueries(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  /** Up to {@code limit} events of the case with seq greater than {@code after}, in seq order. */
  public Future<List<JsonObject>> after(UUID caseId, int after, int limit) {
    return pool.preparedQuery(AFTER).execute(Tuple.of(caseId, after, limit)).map(rs -> {
      List<JsonObject> out = new ArrayList<>(rs.size());
      for (Row r : rs) {
        out.add(new ProgressEvent(caseId, r.getInteger("seq"), r.getString("type"), r.getUUID("item_id"),
            r.getString("status"), Times.in(r.getOffsetDateTime("at"), zone), r.getJsonObject("data")).toJson());
      }
      return out;
    });
  }
}
