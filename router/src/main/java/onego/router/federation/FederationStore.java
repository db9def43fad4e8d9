package onego.router.federation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The federation tables (跨省通办): {@code federation_handoffs_out} (items handed to a peer and the case
 * it filed), {@code federation_handoffs_in} (handoffs filed here, unique per handoff id) and
 * {@code federation_reports} (the outbox of status reports owed to origins, filled by a trigger on
 * {@code case_events} in the transaction of each change).
 */
public final class FederationStore {
  /** The caller id prefix of handoffs filed through intake: {@code federation:<origin province>}. */
  public static final String CALLER_PREFIX = "federation:";

  private static final String ACCEPTED = """
      INSERT INTO federation_handoffs_out (item_id, case_id, handoff_id, peer, peer_case_id, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $6)
      ON CONFLICT (item_id) DO UPDATE SET peer_case_id = EXCLUDED.peer_case_id, peer = EXCLUDED.peer, updated_at = EXCLUDED.updated_at""";
  private static final String OUTBOUND = """
      SELECT o.item_id, o.case_id, o.peer, o.peer_case_id, o.last_seq, i.department, i.status
      FROM federation_handoffs_out o JOIN case_items i ON i.item_id = o.item_id WHERE o.handoff_id = $1""";
  private static final String ADVANCE = "UPDATE federation_handoffs_out SET last_seq = greatest(last_seq, $2), updated_at = $3 WHERE handoff_id = $1";
  private static final String HANDLED_BY = "SELECT item_id, peer, peer_case_id FROM federation_handoffs_out WHERE case_id = $1";
  private static final String INBOUND = "SELECT origin, case_id, request_hash, response FROM federation_handoffs_in WHERE handoff_id = $1";
  private static final String HANDLED_BY_CASES = """
      SELECT o.case_id, o.item_id, i.code, o.peer, o.peer_case_id
      FROM federation_handoffs_out o JOIN case_items i ON i.item_id = o.item_id WHERE o.case_id = ANY($1::uuid[])""";
  private static final String INBOUND_CASE = """
      SELECT h.origin, h.case_id, c.thing, c.applicant_id, c.status, i.item_id, i.code
      FROM federation_handoffs_in h JOIN cases c ON c.case_id = h.case_id JOIN case_items i ON i.case_id = h.case_id
      WHERE h.handoff_id = $1 ORDER BY i.item_id LIMIT 1""";
  private static final String HANDED = "SELECT handoff_id FROM federation_handoffs_out WHERE item_id = $1";
  private static final String SUPPLEMENTS = """
      SELECT count(*)::int AS n, (array_agg(data ORDER BY seq DESC))[1] AS last
      FROM case_events WHERE case_id = $1 AND item_id = $2 AND type = 'SupplementSubmitted'""";
  private static final String FILED = """
      INSERT INTO federation_handoffs_in (handoff_id, origin, case_id, request_hash, response, created_at)
      SELECT t.id, t.origin, t.case_id, t.hash, t.response::json, t.at
      FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) AS t(id, origin, case_id, hash, response, at)
      ON CONFLICT DO NOTHING""";
  private static final String CLAIM_REPORTS = """
      UPDATE federation_reports r SET lease_until = $3, attempts = r.attempts + 1
      FROM federation_handoffs_in h
      WHERE h.handoff_id = r.handoff_id AND (r.handoff_id, r.seq) IN (
        SELECT r1.handoff_id, r1.seq FROM federation_reports r1 JOIN federation_handoffs_in h1 ON h1.handoff_id = r1.handoff_id
        WHERE h1.origin = $1 AND r1.sent_at IS NULL
          AND (r1.next_attempt_at IS NULL OR r1.next_attempt_at <= $2) AND (r1.lease_until IS NULL OR r1.lease_until < $2)
          AND NOT EXISTS (SELECT 1 FROM federation_reports r2 WHERE r2.handoff_id = r1.handoff_id AND r2.sent_at IS NULL AND r2.seq < r1.seq)
        ORDER BY r1.created_at
        LIMIT $4
        FOR NO KEY UPDATE OF r1 SKIP LOCKED)
      RETURNING r.handoff_id, r.seq, r.status, r.data, r.attempts, h.origin""";
  private static final String REPORT_DONE = """
      UPDATE federation_reports SET sent_at = $3, outcome = $4, last_error = $5, lease_until = NULL WHERE handoff_id = $1 AND seq = $2""";
  private static final String REPORT_RETRY = """
      UPDATE federation_reports SET next_attempt_at = $3, last_error = $4, lease_until = NULL WHERE handoff_id = $1 AND seq = $2""";

  /** An item handed to a peer: {@code lastSeq} the newest report applied; {@code department} and {@code itemStatus} the item's now. */
  public record Outbound(UUID itemId, UUID caseId, String peer, String peerCaseId, int lastSeq, String department, String itemStatus) {}

  /** An item of one of the cases asked about that a peer handles: its case, id, code, the peer's province and case. */
  public record Handled(UUID caseId, UUID itemId, String code, String platform, String peerCaseId) {
    /** The contract's {@code handledBy}: {@code {"platform", "caseId"}}. */
    public JsonObject json() {
      return new JsonObject().put("platform", platform).put("caseId", peerCaseId);
    }
  }

  /**
   * The 补正 rounds of an item at the origin: {@code rounds} SupplementSubmitted events so far (0: never
   * supplemented) and the data of the newest ({@code fields}, {@code materials}: what it changed), or null.
   */
  public record Supplements(int rounds, JsonObject last) {}

  /** A handoff filed here: its origin, its case, the hash of its filing, the 201 body. */
  public record Inbound(String origin, UUID caseId, String requestHash, JsonObject response) {}

  /** A handoff filed here and its case now: the origin, the case's thing, applicant and status, its one item. */
  public record InboundCase(String origin, UUID caseId, String thing, String applicantId, String caseStatus, UUID itemId, String code) {}

  /** A handoff just filed, for {@link #recordFiled}. */
  public record Filed(String handoffId, String origin, UUID caseId, String requestHash, String response, OffsetDateTime at) {}

  /** A status report owed to {@code origin} for {@code handoffId}: the case event {@code seq} and its data. */
  public record Report(String handoffId, int seq, String status, JsonObject data, int attempts, String origin) {}

  private final Pool pool;

  public FederationStore(Pool pool) {
    this.pool = pool;
  }

  /** The peer filed the handoff of {@code itemId} as its case {@code peerCaseId}. */
  public Future<Void> accepted(UUID itemId, UUID caseId, String handoffId, String peer, String peerCaseId, OffsetDateTime now) {
    return pool.preparedQuery(ACCEPTED).execute(Tuple.of(itemId, caseId, handoffId, peer, peerCaseId, now)).mapEmpty();
  }

  public Future<Optional<Outbound>> outbound(String handoffId) {
    return pool.preparedQuery(OUTBOUND).execute(Tuple.of(handoffId)).map(rs -> {
      if (rs.size() == 0) return Optional.empty();
      Row r = rs.iterator().next();
      return Optional.of(new Outbound(r.getUUID("item_id"), r.getUUID("case_id"), r.getString("peer"), r.getString("peer_case_id"),
          r.getInteger("last_seq"), r.getString("department"), r.getString("status")));
    });
  }

  /** Report {@code seq} of {@code handoffId} was applied (older ones are stale from now on). */
  public Future<Void> advance(String handoffId, int seq, OffsetDateTime now) {
    return pool.preparedQuery(ADVANCE).execute(Tuple.of(handoffId, seq, now)).mapEmpty();
  }

  /** Item id → {@code {"platform", "caseId"}} for the items of {@code caseId} a peer handles. */
  public Future<Map<UUID, JsonObject>> handledBy(UUID caseId) {
    return pool.preparedQuery(HANDLED_BY).execute(Tuple.of(caseId)).map(rs -> {
      Map<UUID, JsonObject> out = new HashMap<>();
      for (Row r : rs) out.put(r.getUUID("item_id"), new JsonObject().put("platform", r.getString("peer")).put("caseId", r.getString("peer_case_id")));
      return out;
    });
  }

  /** The items of {@code caseIds} that peers handle (跨省通办), for lists and the hotline's view. */
  public Future<List<Handled>> handledBy(List<UUID> caseIds) {
    if (caseIds.isEmpty()) return Future.succeededFuture(List.of());
    return pool.preparedQuery(HANDLED_BY_CASES).execute(Tuple.of(caseIds.toArray(UUID[]::new))).map(rs -> {
      List<Handled> out = new ArrayList<>();
      for (Row r : rs) {
        out.add(new Handled(r.getUUID("case_id"), r.getUUID("item_id"), r.getString("code"), r.getString("peer"), r.getString("peer_case_id")));
      }
      return out;
    });
  }

  /** The handoff id under which {@code itemId} was accepted by a peer, if it ever was. */
  public Future<Optional<String>> handed(UUID itemId) {
    return pool.preparedQuery(HANDED).execute(Tuple.of(itemId))
        .map(rs -> rs.size() == 0 ? Optional.<String>empty() : Optional.of(rs.iterator().next().getString("handoff_id")));
  }

  /** The 补正 rounds of {@code itemId} at this platform (the origin). */
  public Future<Supplements> supplements(UUID caseId, UUID itemId) {
    return pool.preparedQuery(SUPPLEMENTS).execute(Tuple.of(caseId, itemId)).map(rs -> {
      Row r = rs.iterator().next();
      Object last = r.getJson("last");
      return new Supplements(r.getInteger("n"), last instanceof JsonObject o ? o : null);
    });
  }

  public Future<Optional<Inbound>> inbound(String handoffId) {
    return pool.preparedQuery(INBOUND).execute(Tuple.of(handoffId)).map(rs -> {
      if (rs.size() == 0) return Optional.empty();
      Row r = rs.iterator().next();
      Object response = r.getJson("response");
      JsonObject body = response instanceof JsonObject o ? o : new JsonObject(String.valueOf(response));
      return Optional.of(new Inbound(r.getString("origin"), r.getUUID("case_id"), r.getString("request_hash"), body));
    });
  }

  /** The case a handoff was filed as here, if it was. */
  public Future<Optional<InboundCase>> inboundCase(String handoffId) {
    return pool.preparedQuery(INBOUND_CASE).execute(Tuple.of(handoffId)).map(rs -> {
      if (rs.size() == 0) return Optional.empty();
      Row r = rs.iterator().next();
      return Optional.of(new InboundCase(r.getString("origin"), r.getUUID("case_id"), r.getString("thing"), r.getString("applicant_id"),
          r.getString("status"), r.getUUID("item_id"), r.getString("code")));
    });
  }

  /** Records handoffs filed in the transaction of {@code conn} (the one that wrote their cases). */
  public static Future<Void> recordFiled(SqlConnection conn, List<Filed> filed) {
    if (filed.isEmpty()) return Future.succeededFuture();
    int n = filed.size();
    String[] ids = new String[n];
    String[] origins = new String[n];
    UUID[] cases = new UUID[n];
    String[] hashes = new String[n];
    String[] responses = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int k = 0; k < n; k++) {
      Filed f = filed.get(k);
      ids[k] = f.handoffId();
      origins[k] = f.origin();
      cases[k] = f.caseId();
      hashes[k] = f.requestHash();
      responses[k] = f.response();
      at[k] = f.at();
    }
    return conn.preparedQuery(FILED).execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(origins).addArrayOfUUID(cases)
        .addArrayOfString(hashes).addArrayOfString(responses).addArrayOfOffsetDateTime(at)).mapEmpty();
  }

  /**
   * Takes up to {@code limit} reports owed to {@code origin}, each the oldest undelivered one of its
   * handoff (so a handoff's reports go out in order), leased until {@code until}.
   */
  public Future<List<Report>> claimReports(String origin, OffsetDateTime now, OffsetDateTime until, int limit) {
    return pool.preparedQuery(CLAIM_REPORTS).execute(Tuple.of(origin, now, until, limit)).map(rs -> {
      List<Report> out = new ArrayList<>();
      for (Row r : rs) {
        Object data = r.getJson("data");
        out.add(new Report(r.getString("handoff_id"), r.getInteger("seq"), r.getString("status"),
            data instanceof JsonObject o ? o : new JsonObject(), r.getInteger("attempts"), r.getString("origin")));
      }
      return out;
    });
  }

  /** The report reached its origin ({@code outcome} delivered) or never will ({@code refused}, with the reason). */
  public Future<Void> reportDone(Report r, OffsetDateTime now, String outcome, String error) {
    return pool.preparedQuery(REPORT_DONE).execute(Tuple.of(r.handoffId(), r.seq(), now, outcome, error)).mapEmpty();
  }

  public Future<Void> reportRetry(Report r, OffsetDateTime at, String error) {
    return pool.preparedQuery(REPORT_RETRY).execute(Tuple.of(r.handoffId(), r.seq(), at, error)).mapEmpty();
  }
}
