package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.CaseStatus;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.router.cases.CaseLog;
import onego.router.cases.CaseTransaction;
import onego.router.cases.ItemState;
import onego.router.cases.NewEvent;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 好差评 (openapi.yaml, tag Ratings; 湖南方案 四(三) 好差评 层级/事项/对象): a rating is a change of its case
 * ({@link CaseLog#change}). A case rating ({@link #rate}) rates the whole case and the channel that took
 * it, once, after the case ended; a score of at most {@link #COMPLAINT_MAX_SCORE} opens a complaint
 * assigned to that channel's service hall ({@code hallDepartment}). An item rating ({@link #rateItem})
 * rates that item's department, once, from ACCEPTED on; a low score opens a complaint for that
 * department only. Complaints are opened through {@link ComplaintStore} in the same transaction.
 */
public final class RatingStore {
  public static final int COMPLAINT_MAX_SCORE = 2;
  /** An item is rated from ACCEPTED on: the department has taken it up (or ended it). */
  static final Set<ItemStatus> RATEABLE = EnumSet.of(ItemStatus.ACCEPTED, ItemStatus.IN_PROGRESS, ItemStatus.SUSPENDED,
      ItemStatus.RETURNED, ItemStatus.COMPLETED, ItemStatus.REJECTED);
  private static final String INSERT_RATING = """
      INSERT INTO ratings (case_id, score, comment, rated_by, departments, channel, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (case_id) DO NOTHING RETURNING case_id""";
  private static final String INSERT_ITEM_RATING = """
      INSERT INTO item_ratings (item_id, case_id, department, score, comment, rated_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (item_id) DO NOTHING RETURNING item_id""";

  /** A rating as given: score 1..5, an optional comment, who rated; {@code itemId} null for a case rating. */
  public record Rating(UUID caseId, UUID itemId, int score, String comment, String ratedBy) {
    /** A case rating. */
    public Rating(UUID caseId, int score, String comment, String ratedBy) {
      this(caseId, null, score, comment, ratedBy);
    }
  }

  /**
   * A rating as stored: the departments of the case (a case rating; an item rating: its department), the
   * channel rated (a case rating), the complaint it opened (null for a score above {@link #COMPLAINT_MAX_SCORE})
   * and the {@code seq} of its CaseRated / ItemRated event.
   */
  public record Rated(Rating rating, List<String> departments, String channel, UUID complaintId, OffsetDateTime createdAt, int seq) {}

  private final CaseLog cases;
  private final ComplaintStore complaints;
  private final String hallDepartment;

  /** {@code hallDepartment}: the department a low case rating's complaint is assigned to ({@code supervision.hallDepartment}). */
  public RatingStore(CaseLog cases, ComplaintStore complaints, String hallDepartment) {
    this.cases = cases;
    this.complaints = complaints;
    this.hallDepartment = hallDepartment;
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
      String channel = tx.kase().channel();
      SqlConnection conn = tx.connection();
      return conn.preparedQuery(INSERT_RATING)
          .execute(Tuple.from(new Object[] {r.caseId(), (short) r.score(), r.comment(), r.ratedBy(), departments, channel, tx.now()}))
          .compose(inserted -> {
            if (inserted.size() == 0) throw DomainError.conflict("this case has been rated already; a case is rated once");
            return complaintOf(tx, r, null, channel, "case-rating", hallDepartment);
          })
          .map(complaintId -> {
            int seq = tx.event(NewEvent.ofCase(EventType.CaseRated, status.name(),
                new JsonObject().put("score", r.score()).put("complaint", complaintId != null).put("channel", channel)));
            return new Rated(r, List.of(departments), channel, complaintId, tx.now(), seq);
          });
    });
  }

  /**
   * Rates one item's department for {@code actor}: NOT_FOUND (no case, or no such item in it), CONFLICT
   * (the item is not yet ACCEPTED, or was cancelled or never reached its department, or it was rated before).
   */
  public Future<Rated> rateItem(Rating r, Actor actor) {
    return cases.change(r.caseId(), actor, AuditAction.ITEM_RATED, tx -> {
      ItemState item = tx.items().stream().filter(i -> i.itemId().equals(r.itemId())).findFirst()
          .orElseThrow(() -> DomainError.notFound("no item " + r.itemId() + " in case " + r.caseId()));
      if (!RATEABLE.contains(item.status())) {
        throw DomainError.conflict("the item is " + item.status() + "; an item is rated once its department has ACCEPTED it");
      }
      return tx.connection().preparedQuery(INSERT_ITEM_RATING)
          .execute(Tuple.from(new Object[] {r.itemId(), r.caseId(), item.department(), (short) r.score(), r.comment(), r.ratedBy(), tx.now()}))
          .compose(inserted -> {
            if (inserted.size() == 0) throw DomainError.conflict("this item has been rated already; an item is rated once");
            return complaintOf(tx, r, r.itemId(), null, "item-rating", item.department());
          })
          .map(complaintId -> {
            JsonObject data = new JsonObject().put("code", item.code()).put("score", r.score()).put("complaint", complaintId != null);
            if (complaintId != null) data.put("complaintId", complaintId.toString());
            int seq = tx.event(NewEvent.ofItem(EventType.ItemRated, item.itemId(), item.status().name(), item.department(), data));
            return new Rated(r, List.of(item.department()), null, complaintId, tx.now(), seq);
          });
    });
  }

  /** Opens the complaint of a low score (assigned to {@code department}); null for a score above {@link #COMPLAINT_MAX_SCORE}. */
  private Future<UUID> complaintOf(CaseTransaction tx, Rating r, UUID itemId, String channel, String source, String department) {
    if (r.score() > COMPLAINT_MAX_SCORE) return Future.succeededFuture(null);
    return complaints.open(tx, new ComplaintStore.NewComplaint("complaint", source, r.caseId(), itemId, channel, department, r.score(),
        r.comment(), null, r.ratedBy())).map(ComplaintStore.Complaint::complaintId);
  }
}
