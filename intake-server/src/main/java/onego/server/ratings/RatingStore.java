package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.Ids;
import onego.domain.ProgressEvent;
import onego.router.events.EventLog;
import onego.router.events.NewEvent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Ratings and complaints: one transaction locks the case, checks it is finished and not yet
 * rated, stores the rating (and a complaint for a score of at most {@link #COMPLAINT_MAX_SCORE})
 * and appends {@code CaseRated} to the case's log.
 */
public final class RatingStore {
  public static final int COMPLAINT_MAX_SCORE = 2;
  private static final String LOCK_CASE = "SELECT status FROM cases WHERE case_id = $1 FOR UPDATE";
  private static final String DEPARTMENTS = "SELECT array_agg(DISTINCT department ORDER BY department) FROM case_items WHERE case_id = $1";
  private static final String INSERT_RATING = """
      INSERT INTO ratings (case_id, score, comment, rated_by, departments, created_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (case_id) DO NOTHING RETURNING case_id""";
  private static final String INSERT_COMPLAINT = """
      INSERT INTO complaints (complaint_id, case_id, score, comment, departments, status, created_at)
      VALUES ($1, $2, $3, $4, $5, 'OPEN', $6)""";
  private static final String OPEN_COMPLAINTS = """
      SELECT p.complaint_id, p.case_id, c.thing, c.channel, p.score, p.comment, p.departments, p.status, p.created_at
      FROM complaints p JOIN cases c USING (case_id) WHERE p.status = 'OPEN' ORDER BY p.created_at, p.complaint_id LIMIT $1""";

  /** What a rating attempt came to. */
  public sealed interface Outcome {
    record Rated(JsonObject rating, List<ProgressEvent> events) implements Outcome {}
    record NoCase() implements Outcome {}
    record NotFinished(String status) implements Outcome {}
    record AlreadyRated() implements Outcome {}
  }

  public record Rating(UUID caseId, int score, String comment, String ratedBy, OffsetDateTime at) {}

  private final Pool pool;

  public RatingStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Outcome> rate(Rating r) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_CASE).execute(Tuple.of(r.caseId())).compose(rs -> {
      if (rs.size() == 0) return Future.succeededFuture(new Outcome.NoCase());
      String status = rs.iterator().next().getString("status");
      if (!status.equals("COMPLETED") && !status.equals("REJECTED")) return Future.succeededFuture(new Outcome.NotFinished(status));
      return conn.preparedQuery(DEPARTMENTS).execute(Tuple.of(r.caseId())).compose(d -> {
        String[] departments = d.iterator().next().getArrayOfStrings(0);
        return store(conn, r, status, departments == null ? new String[0] : departments);
      });
    }));
  }

  private Future<Outcome> store(SqlConnection conn, Rating r, String caseStatus, String[] departments) {
    return conn.preparedQuery(INSERT_RATING)
        .execute(Tuple.of(r.caseId(), (short) r.score(), r.comment(), r.ratedBy(), departments, r.at()))
        .compose(inserted -> {
          if (inserted.size() == 0) return Future.succeededFuture(new Outcome.AlreadyRated());
          boolean complaint = r.score() <= COMPLAINT_MAX_SCORE;
          UUID complaintId = complaint ? Ids.newId() : null;
          Future<?> opened = complaint
              ? conn.preparedQuery(INSERT_COMPLAINT).execute(Tuple.of(complaintId, r.caseId(), (short) r.score(), r.comment(), departments, r.at()))
              : Future.succeededFuture();
          JsonObject data = new JsonObject().put("score", r.score()).put("complaint", complaint);
          return opened.compose(x -> EventLog.append(conn, r.caseId(), r.at(), List.of(NewEvent.ofCase("CaseRated", caseStatus, data))))
              .map(events -> new Outcome.Rated(new JsonObject()
                  .put("caseId", r.caseId().toString())
                  .put("score", r.score())
                  .put("comment", r.comment())
                  .put("departments", new JsonArray(List.of(departments)))
                  .put("complaintId", complaintId == null ? null : complaintId.toString())
                  .put("createdAt", onego.domain.Times.format(r.at()))
                  .put("seq", events.get(0).seq()), events));
        });
  }

  /** Complaints awaiting follow-up, oldest first. */
  public Future<List<JsonObject>> openComplaints(int limit, java.time.ZoneId zone) {
    return pool.preparedQuery(OPEN_COMPLAINTS).execute(Tuple.of(limit)).map(rs -> {
      List<JsonObject> out = new java.util.ArrayList<>(rs.size());
      for (Row row : rs) {
        out.add(new JsonObject()
            .put("complaintId", row.getUUID("complaint_id").toString())
            .put("caseId", row.getUUID("case_id").toString())
            .put("thing", row.getString("thing"))
            .put("channel", row.getString("channel"))
            .put("score", row.getInteger("score"))
            .put("comment", row.getString("comment"))
            .put("departments", new JsonArray(List.of(row.getArrayOfStrings("departments"))))
            .put("status", row.getString("status"))
            .put("createdAt", onego.domain.Times.format(onego.domain.Times.in(row.getOffsetDateTime("created_at"), zone))));
      }
      return out;
    });
  }
}
