package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.CaseStatus;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.Ids;
import onego.router.cases.CaseLog;
import onego.router.cases.CaseTransaction;
import onego.router.cases.ItemState;
import onego.router.cases.NewEvent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * 好差评: ratings and complaints. A rating is a change of its case ({@link CaseLog#change}): the
 * case must be finished and not yet rated; the rating (and a complaint for a score of at most
 * {@link #COMPLAINT_MAX_SCORE}) is stored beside the case and {@code CaseRated} appended to its log.
 */
public final class RatingStore {
  public static final int COMPLAINT_MAX_SCORE = 2;
  private static final String INSERT_RATING = """
      INSERT INTO ratings (case_id, score, comment, rated_by, departments, created_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (case_id) DO NOTHING RETURNING case_id""";
  private static final String INSERT_COMPLAINT = """
      INSERT INTO complaints (complaint_id, case_id, score, comment, departments, status, created_at)
      VALUES ($1, $2, $3, $4, $5, 'OPEN', $6)""";
  private static final String OPEN_COMPLAINTS = """
      SELECT p.complaint_id, p.case_id, c.thing, c.channel, p.score, p.comment, p.departments, p.status, p.created_at
      FROM complaints p JOIN cases c USING (case_id) WHERE p.status = 'OPEN' ORDER BY p.created_at, p.complaint_id LIMIT $1""";

  /** A rating as given: score 1..5, an optional comment, who rated. */
  public record Rating(UUID caseId, int score, String comment, String ratedBy) {}

  /**
   * A rating as stored: the departments of the case it is booked to, the complaint it opened (null
   * for a score above {@link #COMPLAINT_MAX_SCORE}) and the {@code seq} of its CaseRated event.
   */
  public record Rated(Rating rating, List<String> departments, UUID complaintId, OffsetDateTime createdAt, int seq) {}

  /** One row of {@code complaints}, with its case's thing and channel. */
  public record Complaint(UUID complaintId, UUID caseId, String thing, String channel, int score, String comment,
                          List<String> departments, String status, OffsetDateTime createdAt) {}

  private final Pool pool;
  private final CaseLog cases;

  public RatingStore(Pool pool, CaseLog cases) {
    this.pool = pool;
    this.cases = cases;
  }

  /**
   * Rates a finished case for {@code actor} (on record in the audit trail); answers the stored rating (with its event's {@code seq}). Fails with
   * NOT_FOUND (no case), CONFLICT (not finished, or rated before).
   */
  public Future<Rated> rate(Rating r, Actor actor) {
    return cases.change(r.caseId(), actor, AuditAction.CASE_RATED, tx -> {
      CaseStatus status = tx.kase().status();
      if (status != CaseStatus.COMPLETED && status != CaseStatus.REJECTED) {
        throw DomainError.conflict("the case is " + status + "; it can be rated once it is COMPLETED or REJECTED");
      }
      String[] departments = tx.items().stream().map(ItemState::department).distinct().sorted().toArray(String[]::new);
      return store(tx, r, status, departments);
    });
  }

  private Future<Rated> store(CaseTransaction tx, Rating r, CaseStatus caseStatus, String[] departments) {
    SqlConnection conn = tx.connection();
    return conn.preparedQuery(INSERT_RATING)
        .execute(Tuple.of(r.caseId(), (short) r.score(), r.comment(), r.ratedBy(), departments, tx.now()))
        .compose(inserted -> {
          if (inserted.size() == 0) throw DomainError.conflict("this case has been rated already; a case is rated once");
          boolean complaint = r.score() <= COMPLAINT_MAX_SCORE;
          UUID complaintId = complaint ? Ids.newId() : null;
          Future<?> opened = complaint
              ? conn.preparedQuery(INSERT_COMPLAINT).execute(Tuple.of(complaintId, r.caseId(), (short) r.score(), r.comment(), departments, tx.now()))
              : Future.succeededFuture();
          return opened.map(x -> {
            int seq = tx.event(NewEvent.ofCase(EventType.CaseRated, caseStatus.name(),
                new JsonObject().put("score", r.score()).put("complaint", complaint)));
            return new Rated(r, List.of(departments), complaintId, tx.now(), seq);
          });
        });
  }

  /** Complaints awaiting follow-up, oldest first. */
  public Future<List<Complaint>> openComplaints(int limit) {
    return pool.preparedQuery(OPEN_COMPLAINTS).execute(Tuple.of(limit)).map(rs -> {
      List<Complaint> out = new java.util.ArrayList<>(rs.size());
      for (Row row : rs) {
        out.add(new Complaint(row.getUUID("complaint_id"), row.getUUID("case_id"), row.getString("thing"), row.getString("channel"),
            row.getInteger("score"), row.getString("comment"), List.of(row.getArrayOfStrings("departments")), row.getString("status"),
            row.getOffsetDateTime("created_at")));
      }
      return out;
    });
  }
}
