package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.Times;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * EMS deliveries (一次送达 by 物流快递送达, 国办发〔2022〕32号 三(五)) as rows of {@code result_deliveries}:
 * the waybill requests due ({@link #claimDue}), their outcome ({@link #shipped}, {@link #retryLater},
 * {@link #failed}), an operator's replay of a failed one ({@link #failedList}, {@link #replay}) and the logistics
 * service's reports ({@link #track}). Every state change is one
 * {@link CaseLog#change} of the case (its lock, its event, its audit row), guarded by the row's status,
 * so a change is made once whichever node makes it; a report is remembered by its webhook-id.
 */
public final class Shipments {
  /** The states a logistics service may report; SIGNED is final. */
  public static final Set<String> REPORTED = Set.of("IN_TRANSIT", "OUT_FOR_DELIVERY", "SIGNED");

  /**
   * Takes up to $2 due waybill requests: each gets its attempt counted and is not due again before $3
   * (the time one request may take, so another node does not ask at the same time); $1 is now.
   */
  private static final String CLAIM = """
      WITH due AS (
        SELECT case_id FROM result_deliveries WHERE status = 'WAYBILL_PENDING' AND next_attempt_at <= $1
        ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      UPDATE result_deliveries r SET attempts = r.attempts + 1, next_attempt_at = $3
      FROM due, cases c WHERE r.case_id = due.case_id AND c.case_id = r.case_id
      RETURNING r.case_id, r.address, r.certificates, r.attempts, c.thing, c.delivery, c.applicant""";
  private static final String SHIPPED = """
      UPDATE result_deliveries SET status = 'SHIPPED', waybill = $2, next_attempt_at = NULL, last_error = NULL, updated_at = $3
      WHERE case_id = $1 AND status = 'WAYBILL_PENDING'""";
  private static final String RETRY = """
      UPDATE result_deliveries SET next_attempt_at = $2, last_error = $3, updated_at = $4
      WHERE case_id = $1 AND status = 'WAYBILL_PENDING'""";
  private static final String FAILED = """
      UPDATE result_deliveries SET status = 'WAYBILL_FAILED', next_attempt_at = NULL, last_error = $2, updated_at = $3
      WHERE case_id = $1 AND status = 'WAYBILL_PENDING' RETURNING attempts""";
  private static final String FAILED_LIST = """
      SELECT r.case_id, c.thing, r.attempts, r.last_error, r.updated_at FROM result_deliveries r JOIN cases c ON c.case_id = r.case_id
      WHERE r.status = 'WAYBILL_FAILED' ORDER BY r.updated_at, r.case_id LIMIT $1""";
  private static final String FAILED_COUNT = "SELECT count(*) FROM result_deliveries WHERE status = 'WAYBILL_FAILED'";
  private static final String LOCK_DELIVERY = "SELECT method, status, attempts FROM result_deliveries WHERE case_id = $1 FOR UPDATE";
  private static final String REPLAY = """
      UPDATE result_deliveries SET status = 'WAYBILL_PENDING', attempts = 0, next_attempt_at = $2, updated_at = $2
      WHERE case_id = $1 AND status = 'WAYBILL_FAILED'""";
  private static final String BY_WAYBILL = "SELECT case_id FROM result_deliveries WHERE waybill = $1";
  private static final String REMEMBER = """
      INSERT INTO logistics_callbacks (webhook_id, case_id, waybill, status, created_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (webhook_id) DO NOTHING""";
  private static final String LOCK_ROW = "SELECT status FROM result_deliveries WHERE case_id = $1 FOR UPDATE";
  private static final String TRACK = """
      UPDATE result_deliveries SET status = $2, updated_at = $3, signed_at = CASE WHEN $2 = 'SIGNED' THEN $3 ELSE signed_at END
      WHERE case_id = $1""";

  private static final Actor LOGISTICS = Actor.system("logistics");

  /**
   * One waybill request: the case, its thing, where to ({@code address}), whom to ({@code recipient},
   * {@code phone}: the delivery's own, else the applicant's), what ({@code certificates}), and which
   * attempt this is (1, 2, ...).
   */
  public record Due(UUID caseId, String thing, String address, String recipient, String phone, JsonArray certificates, int attempt) {}

  /** An EMS delivery whose waybill requests all failed: which case, its thing, how many requests, the last error, when it gave up. */
  public record FailedWaybill(UUID caseId, String thing, int attempts, String lastError, OffsetDateTime failedAt) {}

  /** What a report did: {@code UNKNOWN_WAYBILL}; {@code REPEATED} (this webhook-id was seen); {@code IGNORED} (already SIGNED); {@code APPLIED}. */
  public enum Tracked { UNKNOWN_WAYBILL, REPEATED, IGNORED, APPLIED }

  private final Pool pool;
  private final CaseLog log;

  public Shipments(Pool pool, CaseLog log) {
    this.pool = pool;
    this.log = log;
  }

  /** Claims up to {@code limit} due waybill requests, each not due again for {@code leaseMs} (milliseconds). */
  public Future<List<Due>> claimDue(int limit, long leaseMs) {
    OffsetDateTime now = Times.now(log.zone());
    return pool.preparedQuery(CLAIM).execute(Tuple.of(now, limit, now.plusNanos(leaseMs * 1_000_000L))).map(rs -> {
      List<Due> out = new ArrayList<>(rs.size());
      for (Row r : rs) {
        JsonObject delivery = r.getJsonObject("delivery");
        JsonObject applicant = r.getJsonObject("applicant");
        String recipient = delivery.getString("recipient", applicant.getString("name"));
        String phone = delivery.getString("phone", applicant.getString("phone"));
        out.add(new Due(r.getUUID("case_id"), r.getString("thing"), r.getString("address"), recipient, phone,
            r.getJsonArray("certificates"), r.getInteger("attempts")));
      }
      return out;
    });
  }

  /** The logistics service issued {@code waybill}: status SHIPPED and event ResultsShipped, once; answers whether this call made it. */
  public Future<Boolean> shipped(UUID caseId, String waybill) {
    return log.change(caseId, LOGISTICS, AuditAction.RESULTS_SHIPPING, tx ->
        tx.connection().preparedQuery(SHIPPED).execute(Tuple.of(caseId, waybill, tx.now())).map(rs -> {
          if (rs.rowCount() == 0) return false;
          tx.event(NewEvent.ofCase(EventType.ResultsShipped, tx.kase().status().name(),
              new JsonObject().put("method", "ems").put("status", "SHIPPED").put("waybill", waybill)));
          return true;
        }));
  }

  /** A request failed and is tried again at {@code next}; {@code error} (no personal data) is kept for operators. */
  public Future<Void> retryLater(UUID caseId, OffsetDateTime next, String error) {
    return pool.preparedQuery(RETRY).execute(Tuple.of(caseId, next, error, Times.now(log.zone()))).mapEmpty();
  }

  /** Every request failed: status WAYBILL_FAILED and event ResultsShipmentFailed, once. */
  public Future<Void> failed(UUID caseId, String error) {
    return log.change(caseId, LOGISTICS, AuditAction.RESULTS_SHIPPING, tx ->
        tx.connection().preparedQuery(FAILED).execute(Tuple.of(caseId, error, tx.now())).map(rs -> {
          if (rs.rowCount() == 0) return null;
          tx.event(NewEvent.ofCase(EventType.ResultsShipmentFailed, tx.kase().status().name(), new JsonObject()
              .put("status", "WAYBILL_FAILED").put("attempts", rs.iterator().next().getInteger(0)).put("error", error)));
          return null;
        }));
  }

  /** Up to {@code limit} deliveries in WAYBILL_FAILED, the oldest failure first (the address is not read: personal data). */
  public Future<List<FailedWaybill>> failedList(int limit) {
    return pool.preparedQuery(FAILED_LIST).execute(Tuple.of(limit)).map(rs -> {
      List<FailedWaybill> out = new ArrayList<>(rs.size());
      for (Row r : rs) {
        out.add(new FailedWaybill(r.getUUID("case_id"), r.getString("thing"), r.getInteger("attempts"), r.getString("last_error"),
            r.getOffsetDateTime("updated_at")));
      }
      return out;
    });
  }

  /** How many deliveries are WAYBILL_FAILED now (cluster-wide; counted from the partial index of the failed rows). */
  public Future<Long> failedCount() {
    return pool.query(FAILED_COUNT).execute().map(rs -> rs.iterator().next().getLong(0));
  }

  /**
   * An operator's replay of a WAYBILL_FAILED delivery (after the logistics service or its configuration was mended):
   * WAYBILL_PENDING again, due at once, its attempts counted afresh against {@code logistics.maxAttempts}; event
   * ResultsShipmentRetried, audited as {@code DEAD_LETTER_REPLAY}. Fails NOT_FOUND when the case has no EMS delivery,
   * ILLEGAL_TRANSITION when it is not WAYBILL_FAILED (a second replay, or one that shipped meanwhile).
   */
  public Future<Void> replay(Actor operator, UUID caseId) {
    return log.change(caseId, operator, AuditAction.DEAD_LETTER_REPLAY, tx ->
        tx.connection().preparedQuery(LOCK_DELIVERY).execute(Tuple.of(caseId)).compose(rs -> {
          Row row = rs.size() == 0 ? null : rs.iterator().next();
          if (row == null || !"ems".equals(row.getString("method"))) {
            return Future.failedFuture(DomainError.notFound("case " + caseId + " has no EMS delivery"));
          }
          if (!"WAYBILL_FAILED".equals(row.getString("status"))) {
            return Future.failedFuture(DomainError.illegal("the delivery of case " + caseId + " is " + row.getString("status") + ", not WAYBILL_FAILED"));
          }
          int before = row.getInteger("attempts");
          return tx.connection().preparedQuery(REPLAY).execute(Tuple.of(caseId, tx.now())).map(u -> {
            tx.event(NewEvent.ofCase(EventType.ResultsShipmentRetried, tx.kase().status().name(),
                new JsonObject().put("status", "WAYBILL_PENDING").put("attempts", before)));
            return (Void) null;
          });
        }));
  }

  /**
   * A report of the logistics service about {@code waybill} (one of {@link #REPORTED}), made once per
   * {@code webhookId}: SIGNED → event ResultsSigned; another state → ResultsTracked; nothing after SIGNED.
   */
  public Future<Tracked> track(String webhookId, String waybill, String status) {
    return pool.preparedQuery(BY_WAYBILL).execute(Tuple.of(waybill)).compose(rs -> {
      if (rs.size() == 0) return Future.succeededFuture(Tracked.UNKNOWN_WAYBILL);
      UUID caseId = rs.iterator().next().getUUID(0);
      return log.change(caseId, LOGISTICS, AuditAction.RESULTS_SHIPPING, tx -> {
        var conn = tx.connection();
        return conn.preparedQuery(REMEMBER).execute(Tuple.of(webhookId, caseId, waybill, status, tx.now())).compose(ins -> {
          if (ins.rowCount() == 0) return Future.succeededFuture(Tracked.REPEATED);
          return conn.preparedQuery(LOCK_ROW).execute(Tuple.of(caseId)).compose(row -> {
            String current = row.iterator().next().getString(0);
            if (current.equals("SIGNED")) return Future.succeededFuture(Tracked.IGNORED);
            return conn.preparedQuery(TRACK).execute(Tuple.of(caseId, status, tx.now())).map(u -> {
              JsonObject data = new JsonObject().put("status", status).put("waybill", waybill);
              if (status.equals("SIGNED")) data.put("signedAt", Times.format(tx.now()));
              tx.event(NewEvent.ofCase(status.equals("SIGNED") ? EventType.ResultsSigned : EventType.ResultsTracked,
                  tx.kase().status().name(), data));
              return Tracked.APPLIED;
            });
          });
        });
      });
    });
  }
}
