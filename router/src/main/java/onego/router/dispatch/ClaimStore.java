package onego.router.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.Catalog;
import onego.domain.ItemSpec;
import onego.domain.Times;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of dispatch. Claiming takes ready items with {@code FOR NO KEY UPDATE SKIP LOCKED} (no
 * key changes, so attempt rows' foreign-key checks need not wait for it) and puts a
 * lease on them, so any number of routers (and pulling departments) share the work without
 * handing one item out twice; a holder that dies lets its lease run out and the item is offered
 * again, under the same webhook-id.
 */
public final class ClaimStore {
  private static final String CLAIM = """
      WITH claimed AS (
        UPDATE case_items i SET lease_id = $2, lease_until = $3, attempts = i.attempts + 1,
               delivery_id = coalesce(i.delivery_id, gen_random_uuid())
        WHERE i.item_id IN (
          SELECT item_id FROM case_items
          WHERE department = $1 AND (status = 'QUEUED' OR cancel_pending)
            AND (next_attempt_at IS NULL OR next_attempt_at <= $4)
            AND (lease_until IS NULL OR lease_until < $4)
          ORDER BY updated_at
          LIMIT $5
          FOR NO KEY UPDATE SKIP LOCKED)
        RETURNING i.item_id, i.case_id, i.code, i.name, i.cancel_pending, i.delivery_id, i.attempts, i.due_at, i.inputs)
      SELECT c.item_id, c.case_id, c.code, c.name, c.cancel_pending, c.delivery_id, c.attempts, c.due_at, c.inputs,
             k.thing, k.applicant, k.form, k.materials, k.agent
      FROM claimed c JOIN cases k ON k.case_id = c.case_id""";
  private static final String RETRY_LATER = """
      UPDATE case_items SET lease_id = NULL, lease_until = NULL, next_attempt_at = $3, last_error = $4
      WHERE item_id = $1 AND lease_id = $2""";
  private static final String CANCEL_DONE = """
      UPDATE case_items SET lease_id = NULL, lease_until = NULL, cancel_pending = false, last_error = $3
      WHERE item_id = $1 AND lease_id = $2 AND cancel_pending""";
  private static final String RECORD_ATTEMPTS = """
      INSERT INTO deliveries (delivery_id, attempt, item_id, kind, started_at, duration_ms, http_status, outcome, error)
      SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::int[], $8::text[], $9::text[])
      ON CONFLICT DO NOTHING""";
  private static final String ITEM_LEASE = "SELECT case_id, cancel_pending, lease_id FROM case_items WHERE item_id = $1 AND department = $2";
  private static final String QUEUE = """
      SELECT count(*) FILTER (WHERE status = 'QUEUED') AS queued,
             count(*) FILTER (WHERE lease_until > $2) AS in_flight,
             min(updated_at) FILTER (WHERE status = 'QUEUED') AS oldest,
             count(*) FILTER (WHERE status = 'DELIVERY_FAILED') AS dead
      FROM case_items WHERE department = $1 AND (status IN ('QUEUED', 'DELIVERY_FAILED') OR cancel_pending)""";
  // two index-backed halves (case_items_claim_idx, case_items_dead_idx) rather than one OR the planner serves from the wider due index
  private static final String BACKLOG = """
      SELECT department, sum(queued)::bigint AS queued, min(oldest) AS oldest, sum(leased)::bigint AS leased, sum(dead)::bigint AS dead
      FROM (SELECT department, count(*) FILTER (WHERE status = 'QUEUED') AS queued,
                   min(updated_at) FILTER (WHERE status = 'QUEUED') AS oldest,
                   count(*) FILTER (WHERE lease_until > now()) AS leased, 0 AS dead
            FROM case_items WHERE status = 'QUEUED' OR cancel_pending GROUP BY department
            UNION ALL
            SELECT department, 0, NULL, 0, count(*) FROM case_items WHERE status = 'DELIVERY_FAILED' GROUP BY department) b
      GROUP BY department""";
  private static final String DEAD_LETTERS = """
      SELECT item_id, case_id, department, attempts, last_error, failed_at FROM case_items
      WHERE status = 'DELIVERY_FAILED' ORDER BY failed_at DESC LIMIT $1""";

  private final Pool pool;
  private final Catalog catalog;
  private final ZoneId zone;

  public ClaimStore(Pool pool, Catalog catalog, ZoneId zone) {
    this.pool = pool;
    this.catalog = catalog;
    this.zone = zone;
  }

  public Future<List<WorkItem>> claim(String department, int limit, long leaseMs) {
    OffsetDateTime now = Times.now(zone);
    UUID leaseId = UUID.randomUUID();
    return pool.preparedQuery(CLAIM).execute(Tuple.of(department, leaseId, now.plusNanos(leaseMs * 1_000_000), now, limit)).map(rs -> {
      List<WorkItem> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(workItem(r, leaseId));
      return out;
    });
  }

  private WorkItem workItem(Row r, UUID leaseId) {
    boolean cancel = r.getBoolean("cancel_pending");
    String deliveryId = r.getUUID("delivery_id").toString();
    String messageId = cancel ? deliveryId + "-cancel" : deliveryId;
    int attempt = r.getInteger("attempts");
    JsonObject payload = new JsonObject()
        .put("type", cancel ? "cancel" : "work")
        .put("deliveryId", messageId)
        .put("itemId", r.getUUID("item_id").toString())
        .put("caseId", r.getUUID("case_id").toString())
        .put("thing", r.getString("thing"))
        .put("item", new JsonObject().put("code", r.getString("code")).put("name", r.getString("name")));
    if (cancel) {
      payload.put("reason", "case withdrawn by the applicant");
    } else {
      ItemSpec spec = catalog.thing(r.getString("thing")).flatMap(t -> t.item(r.getString("code"))).orElse(null);
      payload.put("applicant", r.getJsonObject("applicant"))
          .put("form", onlyFields(r.getJsonObject("form"), spec))
          .put("materials", onlyMaterials(r.getJsonArray("materials"), spec))
          .put("dueAt", Times.format(Times.in(r.getOffsetDateTime("due_at"), zone)));
      JsonObject inputs = r.getJsonObject("inputs");
      payload.put("inputs", inputs == null ? new JsonObject() : inputs);
      JsonObject agent = r.getJsonObject("agent");
      if (agent != null) payload.put("agent", agent);
    }
    payload.put("attempt", attempt);
    return new WorkItem(r.getUUID("item_id"), r.getUUID("case_id"), leaseId, attempt, cancel, messageId, payload);
  }

  /** Data minimisation: a department sees only the form fields its own item uses. */
  static JsonObject onlyFields(JsonObject form, ItemSpec spec) {
    JsonObject out = new JsonObject();
    if (spec == null || form == null) return out;
    for (String f : spec.allFields()) if (form.containsKey(f)) out.put(f, form.getValue(f));
    return out;
  }

  static JsonArray onlyMaterials(JsonArray materials, ItemSpec spec) {
    JsonArray out = new JsonArray();
    if (spec == null || materials == null) return out;
    Set<String> own = new HashSet<>(spec.materials());
    materials.forEach(m -> { if (own.contains(((JsonObject) m).getString("code"))) out.add(m); });
    return out;
  }

  public Future<Void> retryLater(WorkItem w, OffsetDateTime at, String error) {
    return pool.preparedQuery(RETRY_LATER).execute(Tuple.of(w.itemId(), w.leaseId(), at, error)).mapEmpty();
  }

  /** The withdrawal notice reached the department (or will never: {@code error} says why). */
  public Future<Boolean> cancelDone(UUID itemId, UUID leaseId, String error) {
    return pool.preparedQuery(CANCEL_DONE).execute(Tuple.of(itemId, leaseId, error)).map(rs -> rs.rowCount() == 1);
  }

  /** One push attempt, as the deliveries table keeps it. */
  public record Attempt(WorkItem item, OffsetDateTime started, long durationMs, Integer httpStatus, boolean delivered, String error) {}

  public Future<Void> recordAttempt(Attempt a) {
    return recordAttempts(List.of(a)).mapEmpty();
  }

  /** Any number of attempts in one statement; answers one null per attempt (for {@link onego.router.commit.GroupCommitter}). */
  public Future<List<Void>> recordAttempts(List<Attempt> attempts) {
    int n = attempts.size();
    UUID[] deliveryIds = new UUID[n];
    Integer[] numbers = new Integer[n];
    UUID[] itemIds = new UUID[n];
    String[] kinds = new String[n];
    OffsetDateTime[] started = new OffsetDateTime[n];
    Integer[] durations = new Integer[n];
    Integer[] statuses = new Integer[n];
    String[] outcomes = new String[n];
    String[] errors = new String[n];
    for (int k = 0; k < n; k++) {
      Attempt a = attempts.get(k);
      WorkItem w = a.item();
      deliveryIds[k] = UUID.fromString(w.messageId().substring(0, 36));
      numbers[k] = w.attempt();
      itemIds[k] = w.itemId();
      kinds[k] = w.cancel() ? "cancel" : "work";
      started[k] = a.started();
      durations[k] = (int) a.durationMs();
      statuses[k] = a.httpStatus();
      outcomes[k] = a.delivered() ? "delivered" : "failed";
      errors[k] = a.error();
    }
    Tuple t = Tuple.tuple().addArrayOfUUID(deliveryIds).addArrayOfInteger(numbers).addArrayOfUUID(itemIds).addArrayOfString(kinds)
        .addArrayOfOffsetDateTime(started).addArrayOfInteger(durations).addArrayOfInteger(statuses).addArrayOfString(outcomes)
        .addArrayOfString(errors);
    return pool.preparedQuery(RECORD_ATTEMPTS).execute(t).map(rs -> java.util.Collections.nCopies(n, (Void) null));
  }

  /** For a pull ack: the item's case, whether it is a withdrawal notice, and its current lease. */
  public Future<Row> itemLease(UUID itemId, String department) {
    return pool.preparedQuery(ITEM_LEASE).execute(Tuple.of(itemId, department))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next());
  }

  /** {@code /departments/{code}/queue}: counted across every router and puller, not just this node. */
  public Future<JsonObject> queue(String department) {
    OffsetDateTime now = Times.now(zone);
    return pool.preparedQuery(QUEUE).execute(Tuple.of(department, now)).map(rs -> {
      Row r = rs.iterator().next();
      OffsetDateTime oldest = r.getOffsetDateTime("oldest");
      return new JsonObject()
          .put("queued", r.getLong("queued"))
          .put("inFlight", r.getLong("in_flight"))
          .put("oldestQueuedAgeSeconds", oldest == null ? 0 : Math.max(0, java.time.Duration.between(oldest, now).toSeconds()))
          .put("deadLettered", r.getLong("dead"));
    });
  }

  /** Per department: items queued, the oldest queued one's time, items under a delivery lease, dead letters. */
  public record Backlog(String department, long queued, OffsetDateTime oldest, long leased, long dead) {}

  public Future<List<Backlog>> backlog() {
    return pool.query(BACKLOG).execute().map(rs -> {
      List<Backlog> out = new ArrayList<>();
      for (Row r : rs) out.add(new Backlog(r.getString("department"), r.getLong("queued"), r.getOffsetDateTime("oldest"),
          r.getLong("leased"), r.getLong("dead")));
      return out;
    });
  }

  public Future<JsonArray> deadLetters(int limit) {
    return pool.preparedQuery(DEAD_LETTERS).execute(Tuple.of(limit)).map(rs -> {
      JsonArray out = new JsonArray();
      for (Row r : rs) {
        out.add(new JsonObject().put("itemId", r.getUUID("item_id").toString()).put("caseId", r.getUUID("case_id").toString())
            .put("department", r.getString("department")).put("attempts", r.getInteger("attempts"))
            .put("lastError", r.getString("last_error")).put("failedAt", Times.format(Times.in(r.getOffsetDateTime("failed_at"), zone))));
      }
      return out;
    });
  }
}
