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
import onego.domain.WorkingCalendar;
import onego.router.DispatchSettings;
import onego.router.cases.CaseRow;
import onego.router.cases.ItemLeases;
import onego.router.cases.CaseReads;
import onego.router.cases.ObligationRow;
import onego.router.cases.ItemRow;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Dispatch's side of the store: ready items taken as work messages (through the case home's
 * {@link ItemLeases}, which alone writes the lease columns), attempts recorded in
 * {@code deliveries}, and the queue and backlog figures. A work message is the body departments
 * receive (openapi.yaml, webhook workItem: type, deliveryId, itemId, caseId, thing, region (where the case is
 * handled: its division code, the city's for a case filed before regions; 就近办), item,
 * applicant, form and materials of the item only (data minimisation), inputs, dueAt, the item's
 * {@code clock} ({@link onego.domain.ItemClock}) and the special procedures it may suspend for
 * ({@code item.specialProcedures}: procedure, maxDays), {@code owed} (this item's materials accepted
 * under 容缺: material, dueAt, state) and {@code commitments} (this item's materials replaced by a
 * 告知承诺, to be verified: material, dueAt, state), attempt; a withdrawal notice carries the reason instead).
 */
public final class ClaimStore {
  private static final String RECORD_ATTEMPTS = """
      INSERT INTO deliveries (delivery_id, attempt, item_id, kind, started_at, duration_ms, http_status, outcome, error)
      SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::int[], $8::text[], $9::text[])
      ON CONFLICT DO NOTHING""";
  private static final String QUEUE = """
      SELECT count(*) FILTER (WHERE status = 'QUEUED') AS queued,
             count(*) FILTER (WHERE lease_until > $2) AS in_flight,
             min(updated_at) FILTER (WHERE status = 'QUEUED') AS oldest,
             count(*) FILTER (WHERE status = 'DELIVERY_FAILED') AS dead
      FROM case_items WHERE department = $1 AND (status IN ('QUEUED', 'DELIVERY_FAILED') OR cancel_pending)
        AND ($3::text IS NULL OR coalesce(region, $4) = $3)""";
  // two index-backed halves (case_items_claim_idx, case_items_dead_idx) rather than one OR the planner serves from the wider due index
  private static final String BACKLOG = """
      SELECT department, region, sum(queued)::bigint AS queued, min(oldest) AS oldest, sum(leased)::bigint AS leased, sum(dead)::bigint AS dead
      FROM (SELECT department, region, count(*) FILTER (WHERE status = 'QUEUED') AS queued,
                   min(updated_at) FILTER (WHERE status = 'QUEUED') AS oldest,
                   count(*) FILTER (WHERE lease_until > now()) AS leased, 0 AS dead
            FROM case_items WHERE status = 'QUEUED' OR cancel_pending GROUP BY department, region
            UNION ALL
            SELECT department, region, 0, NULL, 0, count(*) FROM case_items WHERE status = 'DELIVERY_FAILED' GROUP BY department, region) b
      GROUP BY department, region""";
  private final Pool pool;
  private final ItemLeases leases;
  private final CaseReads reads;
  private final Catalog catalog;
  private final ZoneId zone;
  private final WorkingCalendar calendar;

  /** A store whose clocks count Monday to Friday less the statutory holidays in {@code zone} (store tests). */
  public ClaimStore(Pool pool, Catalog catalog, ZoneId zone) {
    this(pool, catalog, new WorkingCalendar(zone, Set.of(), Set.of()));
  }

  /** {@code calendar}: its zone for times and the working days of the items' clocks. */
  public ClaimStore(Pool pool, Catalog catalog, WorkingCalendar calendar) {
    this.pool = pool;
    this.leases = new ItemLeases(pool, catalog.regions() == null ? null : catalog.regions().province());
    this.reads = new CaseReads(pool);
    this.catalog = catalog;
    this.zone = calendar.zone();
    this.calendar = calendar;
  }

  /** Takes up to {@code limit} ready items of {@code department} (any region) under a lease of {@code leaseMs} milliseconds (see {@link ItemLeases#claim}). */
  public Future<List<WorkItem>> claim(String department, int limit, long leaseMs) {
    return claim(department, ItemLeases.Lane.own(Set.of()), limit, leaseMs);
  }

  /**
   * Takes up to {@code limit} ready items of the lane {@code s} serves: a region entry's, that
   * region's items; the department's own, every item of a region without an entry of its own.
   */
  public Future<List<WorkItem>> claim(DispatchSettings s, int limit, long leaseMs) {
    return claim(s.department(), s.region() != null ? ItemLeases.Lane.of(s.region()) : ItemLeases.Lane.own(s.regionCodes()), limit, leaseMs);
  }

  private Future<List<WorkItem>> claim(String department, ItemLeases.Lane lane, int limit, long leaseMs) {
    OffsetDateTime now = Times.now(zone);
    return leases.claim(department, lane, limit, now, now.plusNanos(leaseMs * 1_000_000)).compose(claimed -> {
      if (claimed.isEmpty()) return Future.succeededFuture(List.<WorkItem>of());
      List<UUID> cases = claimed.stream().map(c -> c.item().caseId()).distinct().toList();
      return reads.obligations(cases).map(followUps -> claimed.stream()
          .map(c -> workItem(c, now, followUps.getOrDefault(c.item().caseId(), List.of()))).toList());
    });
  }

  private WorkItem workItem(ItemLeases.Claimed c, OffsetDateTime now, List<ObligationRow> followUps) {
    ItemRow i = c.item();
    CaseRow k = c.kase();
    boolean cancel = i.cancelPending();
    String deliveryId = i.deliveryId().toString();
    String messageId = cancel ? deliveryId + "-cancel" : deliveryId;
    JsonObject payload = new JsonObject()
        .put("type", cancel ? "cancel" : "work")
        .put("deliveryId", messageId)
        .put("itemId", i.itemId().toString())
        .put("caseId", i.caseId().toString())
        .put("thing", k.thing())
        .put("item", new JsonObject().put("code", i.code()).put("name", i.name()))
        .put("region", region(k));
    if (cancel) {
      payload.put("reason", "case withdrawn by the applicant");
    } else {
      ItemSpec spec = catalog.thing(k.thing()).flatMap(t -> t.item(i.code())).orElse(null);
      payload.put("applicant", k.applicant())
          .put("form", onlyFields(k.form(), spec))
          .put("materials", onlyMaterials(k.materials(), spec))
          .put("dueAt", Times.format(Times.in(i.dueAt(), zone)))
          .put("clock", i.clock(calendar, now).toJson());
      payload.getJsonObject("item").put("specialProcedures", procedures(spec));
      payload.put("inputs", i.inputs() == null ? new JsonObject() : i.inputs());
      payload.put("owed", followUps(followUps, ObligationRow.WAIVER, i.code()))
          .put("commitments", followUps(followUps, ObligationRow.COMMITMENT, i.code()));
      if (k.agent() != null) payload.put("agent", k.agent());
    }
    payload.put("attempt", i.attempts());
    String traceId = k.traceparent() == null || k.traceparent().length() < 35 ? null : k.traceparent().substring(3, 35);
    return new WorkItem(i.itemId(), i.caseId(), c.leaseId(), i.attempts(), cancel, messageId, payload, traceId);
  }

  /** Where the case is handled: its division code, the city's for a case filed before regions (null when the catalog has none). */
  private String region(CaseRow k) {
    if (k.region() != null) return k.region();
    return catalog.regions() == null ? null : catalog.regions().city();
  }

  /** This item's follow-ups of {@code kind}: {material, dueAt, state}. */
  private JsonArray followUps(List<ObligationRow> all, String kind, String itemCode) {
    JsonArray out = new JsonArray();
    for (ObligationRow o : all) {
      if (o.kind().equals(kind) && o.items().contains(itemCode)) {
        out.add(new JsonObject().put("material", o.material()).put("dueAt", Times.format(Times.in(o.dueAt(), zone))).put("state", o.state()));
      }
    }
    return out;
  }

  private static JsonArray procedures(ItemSpec spec) {
    JsonArray out = new JsonArray();
    if (spec != null) {
      spec.specialProcedures().forEach(p -> out.add(new JsonObject().put("procedure", p.procedure().code()).put("maxDays", p.maxDays())));
    }
    return out;
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

  /** Gives {@code w} back, not to be claimed before {@code at} (see {@link ItemLeases#retryLater}). */
  public Future<Void> retryLater(WorkItem w, OffsetDateTime at, String error) {
    return leases.retryLater(w.itemId(), w.leaseId(), at, error);
  }

  /** The withdrawal notice reached the department (or will never: {@code error} says why); see {@link ItemLeases#cancelDone}. */
  public Future<Boolean> cancelDone(UUID itemId, UUID leaseId, String error) {
    return leases.cancelDone(itemId, leaseId, error);
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

  /** {@code /departments/{code}/queue}: counted across every router and puller, not just this node. */
  public Future<Queue> queue(String department) {
    return queue(department, null);
  }

  /**
   * {@code /departments/{code}/queue?region=}: the department's items of cases handled in {@code region}
   * (a division code, the city's counting cases filed before regions), or all of them when null.
   */
  public Future<Queue> queue(String department, String region) {
    OffsetDateTime now = Times.now(zone);
    String city = catalog.regions() == null ? null : catalog.regions().city();
    return pool.preparedQuery(QUEUE).execute(Tuple.of(department, now, region, city)).map(rs -> {
      Row r = rs.iterator().next();
      OffsetDateTime oldest = r.getOffsetDateTime("oldest");
      return new Queue(r.getLong("queued"), r.getLong("in_flight"),
          oldest == null ? 0 : Math.max(0, java.time.Duration.between(oldest, now).toSeconds()), r.getLong("dead"));
    });
  }

  /**
   * One department's queue: items queued, items under a delivery lease, the age in seconds of the
   * oldest queued one (0 when none), dead letters.
   */
  public record Queue(long queued, long inFlight, long oldestQueuedAgeSeconds, long deadLettered) {}

  /**
   * Per department and case region (a division code; null: cases filed before regions, the city's):
   * items queued, the oldest queued one's time, items under a delivery lease, dead letters.
   */
  public record Backlog(String department, String region, long queued, OffsetDateTime oldest, long leased, long dead) {}

  public Future<List<Backlog>> backlog() {
    return pool.query(BACKLOG).execute().map(rs -> {
      List<Backlog> out = new ArrayList<>();
      for (Row r : rs) out.add(new Backlog(r.getString("department"), r.getString("region"), r.getLong("queued"), r.getOffsetDateTime("oldest"),
          r.getLong("leased"), r.getLong("dead")));
      return out;
    });
  }

}
