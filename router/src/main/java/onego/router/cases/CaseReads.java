package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import onego.domain.ItemClock;
import onego.domain.ProgressEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every read of case rows ({@code cases}, {@code case_items}, {@code case_events},
 * {@code result_deliveries}), answering the row records; what a caller may see of them is decided
 * and rendered at the edge. Times are as stored (UTC); the edge puts them in the configured zone.
 */
public final class CaseReads {
  /**
   * A case with its items in submission order, its results delivery (一次送达), null until the case
   * ended, and its 容缺 and 告知承诺 follow-ups ({@link ObligationRow}).
   */
  public record CaseFile(CaseRow kase, List<ItemRow> items, ResultDelivery results, List<ObligationRow> obligations) {
    /** A file without follow-ups. */
    public CaseFile(CaseRow kase, List<ItemRow> items, ResultDelivery results) {
      this(kase, items, results, List.of());
    }
  }

  /**
   * One row of {@code result_deliveries} (一次送达, {@link ResultsDelivery}): what the case's COMPLETED
   * items issued when it ended ({@code outcome}), delivered once the way the applicant chose.
   *
   * @param status     DELIVERED, AT_WINDOW, IN_LOCKER, NOTHING_ISSUED, or for EMS WAYBILL_PENDING, WAYBILL_FAILED,
   *                   SHIPPED, then as the logistics service reports (IN_TRANSIT, OUT_FOR_DELIVERY, SIGNED)
   * @param waybill    EMS: the logistics service's waybill number, null until issued
   * @param pickupCode locker: the code that opens the locker (secret: the applicant's and the filing channel's only)
   * @param signedAt   EMS: when the logistics service reported SIGNED, else null
   */
  public record ResultDelivery(String method, String address, JsonArray certificates, String outcome, JsonArray values, String status,
                               String waybill, String pickupCode, OffsetDateTime deliveredAt, OffsetDateTime signedAt) {}

  private static final String BY_IDS = CaseRow.TABLE.selectFrom("WHERE case_id = ANY($1)");
  private static final String BY_APPLICANT = CaseRow.TABLE.selectFrom(
      "WHERE applicant_id = $1 AND ($2::text IS NULL OR submitted_by = $2)"
      + " AND ($4::timestamptz IS NULL OR (created_at, case_id) < ($4::timestamptz, $5::uuid))"
      + " ORDER BY created_at DESC, case_id DESC LIMIT $3");
  /** The cases a person is the applicant or the agent of (one case across the hall), newest first, keyset-paged. */
  private static final String BY_PERSON = CaseRow.TABLE.selectFrom(
      "WHERE (applicant_id = $1 OR agent_id = $1)"
      + " AND ($3::timestamptz IS NULL OR (created_at, case_id) < ($3::timestamptz, $4::uuid))"
      + " ORDER BY created_at DESC, case_id DESC LIMIT $2");
  private static final String ITEMS = ItemRow.TABLE.selectFrom("WHERE case_id = ANY($1) ORDER BY case_id, position");
  private static final String OBLIGATIONS = ObligationRow.TABLE.selectFrom("WHERE case_id = ANY($1) ORDER BY case_id, kind DESC, material");
  /** Open follow-ups past their due date whose card has not been raised (the watcher's scan). */
  private static final String OBLIGATIONS_DUE = ObligationRow.TABLE.selectFrom(
      "WHERE state IN ('OWED', 'PENDING') AND carded_at IS NULL AND due_at < $1 ORDER BY due_at LIMIT $2");
  private static final String RESULTS = "SELECT case_id, method, address, certificates, outcome, issued_values, status, waybill, pickup_code,"
      + " created_at, signed_at FROM result_deliveries WHERE case_id = ANY($1)";
  private static final String IDS_BY_APPLICANT = "SELECT case_id FROM cases WHERE applicant_id = $1 ORDER BY created_at DESC LIMIT $2";
  private static final String IDS_BY_PHONE = "SELECT case_id FROM cases WHERE applicant_phone = $1 ORDER BY created_at DESC LIMIT $2";
  private static final String ITEM = ItemRow.TABLE.selectFrom("WHERE item_id = $1");
  private static final String ITEMS_BY_ID = ItemRow.TABLE.selectFrom("WHERE item_id = ANY($1)");
  /** The latest department note of each item (ItemStatusChanged carries it). */
  private static final String NOTES = """
      SELECT DISTINCT ON (item_id) item_id, data ->> 'note' AS note
      FROM case_events WHERE case_id = ANY($1) AND type = 'ItemStatusChanged' AND item_id IS NOT NULL
      ORDER BY item_id, seq DESC""";
  /** Items whose clock runs ({@link onego.domain.ItemClock#runs}; the predicate of {@code case_items_due_idx}). */
  private static final String CLOCK_RUNS = "status IN ('QUEUED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS', 'DELIVERY_FAILED')";
  private static final String DUE_BETWEEN = ItemRow.TABLE.selectFrom("WHERE " + CLOCK_RUNS
      + " AND due_at >= $1 AND due_at <= $2 AND ($3::text IS NULL OR department = $3) ORDER BY due_at LIMIT $4");
  private static final String RED_UNRAISED = ItemRow.TABLE.selectFrom("WHERE " + CLOCK_RUNS
      + " AND due_at < $1 AND red_at IS NULL ORDER BY due_at LIMIT $2");
  /** {@link onego.domain.ItemClock#dueSoon} for many rows: $1 now, $2 the end of today, $3 the end of the next working day. */
  private static final String DUE_SOON = " AND due_at >= $1 AND ((due_at <= $2 AND limit_days >= 1) OR (due_at <= $3 AND limit_days >= 3))";
  private static final String YELLOW_UNRAISED = ItemRow.TABLE.selectFrom("WHERE " + CLOCK_RUNS + DUE_SOON
      + " AND yellow_at IS NULL ORDER BY due_at LIMIT $4");
  private static final String DUE_SOON_OF = ItemRow.TABLE.selectFrom("WHERE " + CLOCK_RUNS + DUE_SOON
      + " AND ($4::text IS NULL OR department = $4) ORDER BY due_at LIMIT $5");
  private static final String SUSPENSIONS_ENDED = ItemRow.TABLE.selectFrom(
      "WHERE status = 'SUSPENDED' AND (suspension ->> 'until')::date < $1 ORDER BY item_id LIMIT $2");
  private static final String DEAD_LETTERS = ItemRow.TABLE.selectFrom("WHERE status = 'DELIVERY_FAILED' ORDER BY failed_at DESC LIMIT $1");

  private final Pool pool;

  public CaseReads(Pool pool) {
    this.pool = pool;
  }

  /** One case, with its items and results; empty when there is none. */
  public Future<Optional<CaseFile>> byId(UUID caseId) {
    return byIds(List.of(caseId)).map(list -> list.stream().findFirst());
  }

  /** The cases among {@code ids} that exist (in no particular order), with their items and results. */
  public Future<List<CaseFile>> byIds(List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(List.of());
    return pool.preparedQuery(BY_IDS).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))).compose(rs -> files(rs, true));
  }

  /**
   * As {@link #byIds} without the results delivery (always null): one statement fewer, for the
   * hotline's status view, refreshed on every event of a case.
   */
  public Future<List<CaseFile>> byIdsWithoutResults(List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(List.of());
    return pool.preparedQuery(BY_IDS).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))).compose(rs -> files(rs, false));
  }

  /**
   * The applicant's cases, newest first (一人一档: {@code created_at}, then {@code case_id}, both
   * descending), at most {@code limit}; only those {@code submittedBy} submitted when it is not
   * null; only those after the case ({@code beforeCreatedAt}, {@code beforeCaseId}) in that order
   * when both are given (keyset paging: a page's last case is where the next starts).
   */
  public Future<List<CaseFile>> byApplicant(String applicantId, String submittedBy, int limit, OffsetDateTime beforeCreatedAt,
                                            UUID beforeCaseId) {
    return pool.preparedQuery(BY_APPLICANT).execute(Tuple.of(applicantId, submittedBy, limit, beforeCreatedAt, beforeCaseId))
        .compose(rs -> files(rs, true));
  }

  /**
   * The cases whose applicant or agent is {@code personId} (a canonical ID number), filed on any
   * channel, newest first: up to {@code limit} before the cursor ({@code beforeCreatedAt} and
   * {@code beforeCaseId} both null for the first page).
   */
  public Future<List<CaseFile>> byPerson(String personId, int limit, OffsetDateTime beforeCreatedAt, UUID beforeCaseId) {
    return pool.preparedQuery(BY_PERSON).execute(Tuple.of(personId, limit, beforeCreatedAt, beforeCaseId))
        .compose(rs -> files(rs, true));
  }

  /** The ids of the applicant's newest {@code limit} cases, newest first. */
  public Future<List<UUID>> idsByApplicant(String applicantId, int limit) {
    return ids(IDS_BY_APPLICANT, applicantId, limit);
  }

  /** The ids of the newest {@code limit} cases filed with this applicant phone, newest first. */
  public Future<List<UUID>> idsByPhone(String phone, int limit) {
    return ids(IDS_BY_PHONE, phone, limit);
  }

  /** One item, or null. */
  public Future<ItemRow> item(UUID itemId) {
    return pool.preparedQuery(ITEM).execute(Tuple.of(itemId)).map(rs -> rs.size() == 0 ? null : ItemRow.from(rs.iterator().next(), 0));
  }

  /** The items of these ids that exist (one statement), by item id; an unknown id is absent. */
  public Future<Map<UUID, ItemRow>> itemsById(java.util.Collection<UUID> itemIds) {
    if (itemIds.isEmpty()) return Future.succeededFuture(Map.of());
    return pool.preparedQuery(ITEMS_BY_ID).execute(Tuple.tuple().addArrayOfUUID(itemIds.toArray(UUID[]::new))).map(rs -> {
      Map<UUID, ItemRow> out = new HashMap<>();
      for (Row r : rs) {
        ItemRow i = ItemRow.from(r, 0);
        out.put(i.itemId(), i);
      }
      return out;
    });
  }

  /** The latest department note (of ItemStatusChanged) of each item of these cases that has one, by item id; unmasked. */
  public Future<Map<UUID, String>> latestNotes(List<UUID> caseIds) {
    return pool.preparedQuery(NOTES).execute(Tuple.tuple().addArrayOfUUID(caseIds.toArray(UUID[]::new))).map(rs -> {
      Map<UUID, String> out = new HashMap<>();
      for (Row r : rs) if (r.getString("note") != null) out.put(r.getUUID("item_id"), r.getString("note"));
      return out;
    });
  }

  /** Up to {@code limit} events of the case with seq greater than {@code after}, in seq order. */
  public Future<List<ProgressEvent>> eventsAfter(UUID caseId, int after, int limit) {
    return EventLog.after(pool, caseId, after, limit);
  }

  /** Items whose clock runs due from {@code from} to {@code to} (inclusive), of {@code department} when not null; soonest first, at most {@code limit}. */
  public Future<List<ItemRow>> dueBetween(OffsetDateTime from, OffsetDateTime to, String department, int limit) {
    return items(DUE_BETWEEN, Tuple.of(from, to, department, limit));
  }

  /** Items whose clock runs past due at {@code now} without a red card yet, most overdue first, at most {@code limit}. */
  public Future<List<ItemRow>> overdueWithoutRedCard(OffsetDateTime now, int limit) {
    return items(RED_UNRAISED, Tuple.of(now, limit));
  }

  /** Items due soon at {@code now} ({@link onego.domain.ItemClock#dueSoon}) without a yellow card yet, soonest first, at most {@code limit}. */
  public Future<List<ItemRow>> dueSoonWithoutYellowCard(OffsetDateTime now, ItemClock.DueSoonLines lines, int limit) {
    return items(YELLOW_UNRAISED, Tuple.of(now, lines.endOfToday(), lines.endOfNextWorkingDay(), limit));
  }

  /** Items due soon at {@code now} ({@link onego.domain.ItemClock#dueSoon}), of {@code department} when not null; soonest first, at most {@code limit}. */
  public Future<List<ItemRow>> dueSoon(OffsetDateTime now, ItemClock.DueSoonLines lines, String department, int limit) {
    return items(DUE_SOON_OF, Tuple.of(now, lines.endOfToday(), lines.endOfNextWorkingDay(), department, limit));
  }

  /** SUSPENDED items whose suspension's last day ({@code until}) is before {@code today}, at most {@code limit}. */
  public Future<List<ItemRow>> suspensionsEndedBefore(java.time.LocalDate today, int limit) {
    return items(SUSPENSIONS_ENDED, Tuple.of(today, limit));
  }

  /** The dead-letter list: items whose delivery attempts are used up, newest failure first, at most {@code limit}. */
  /** 容缺 and 告知承诺 follow-ups still open past their due date, their card not yet raised; oldest first, at most {@code limit}. */
  public Future<List<ObligationRow>> obligationsPastDue(OffsetDateTime now, int limit) {
    return pool.preparedQuery(OBLIGATIONS_DUE).execute(Tuple.of(now, limit)).map(rs -> {
      List<ObligationRow> out = new ArrayList<>();
      for (Row r : rs) out.add(ObligationRow.from(r));
      return out;
    });
  }

  /** Every follow-up of the cases {@code caseIds} (for their work messages), by case; a case without any is absent. */
  public Future<Map<UUID, List<ObligationRow>>> obligations(List<UUID> caseIds) {
    if (caseIds.isEmpty()) return Future.succeededFuture(Map.of());
    return pool.preparedQuery(OBLIGATIONS).execute(Tuple.tuple().addArrayOfUUID(caseIds.toArray(UUID[]::new))).map(rs -> {
      Map<UUID, List<ObligationRow>> out = new HashMap<>();
      for (Row r : rs) {
        ObligationRow o = ObligationRow.from(r);
        out.computeIfAbsent(o.caseId(), k -> new ArrayList<>()).add(o);
      }
      return out;
    });
  }

  public Future<List<ItemRow>> deadLetters(int limit) {
    return items(DEAD_LETTERS, Tuple.of(limit));
  }

  private Future<List<ItemRow>> items(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rs -> {
      List<ItemRow> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(ItemRow.from(r, 0));
      return out;
    });
  }

  private Future<List<UUID>> ids(String sql, String key, int limit) {
    return pool.preparedQuery(sql).execute(Tuple.of(key, limit)).map(rs -> {
      List<UUID> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(r.getUUID(0));
      return out;
    });
  }

  /** The case rows of {@code rs} (in their order) with their items and results, read in two more statements at once. */
  private Future<List<CaseFile>> files(RowSet<Row> rs, boolean withResults) {
    List<CaseRow> cases = new ArrayList<>(rs.size());
    for (Row r : rs) cases.add(CaseRow.from(r, 0));
    if (cases.isEmpty()) return Future.succeededFuture(List.of());
    Tuple ids = Tuple.tuple().addArrayOfUUID(cases.stream().map(CaseRow::caseId).toArray(UUID[]::new));
    Future<RowSet<Row>> items = pool.preparedQuery(ITEMS).execute(ids);
    Future<RowSet<Row>> results = withResults ? pool.preparedQuery(RESULTS).execute(ids) : Future.succeededFuture(null);
    Future<RowSet<Row>> obligations = pool.preparedQuery(OBLIGATIONS).execute(ids);
    return Future.all(items, results, obligations).map(v -> {
      Map<UUID, List<ObligationRow>> obligationsByCase = new HashMap<>();
      for (Row r : obligations.result()) {
        ObligationRow o = ObligationRow.from(r);
        obligationsByCase.computeIfAbsent(o.caseId(), k -> new ArrayList<>()).add(o);
      }
      Map<UUID, List<ItemRow>> itemsByCase = new HashMap<>();
      for (Row r : items.result()) {
        ItemRow i = ItemRow.from(r, 0);
        itemsByCase.computeIfAbsent(i.caseId(), k -> new ArrayList<>()).add(i);
      }
      Map<UUID, ResultDelivery> resultsByCase = new HashMap<>();
      for (Row r : withResults ? results.result() : List.<Row>of()) {
        resultsByCase.put(r.getUUID("case_id"), new ResultDelivery(r.getString("method"), r.getString("address"),
            r.getJsonArray("certificates"), r.getString("outcome"), r.getJsonArray("issued_values"), r.getString("status"),
            r.getString("waybill"), r.getString("pickup_code"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("signed_at")));
      }
      List<CaseFile> out = new ArrayList<>(cases.size());
      for (CaseRow c : cases) {
        out.add(new CaseFile(c, itemsByCase.getOrDefault(c.caseId(), List.of()), resultsByCase.get(c.caseId()),
            obligationsByCase.getOrDefault(c.caseId(), List.of())));
      }
      return out;
    });
  }
}
