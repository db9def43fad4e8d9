package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.CaseStatus;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.domain.ProgressEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One change of one case, opened by {@link CaseLog#change}: the case row is locked first (then
 * its items), so changes to one case are serialized and never deadlock; item changes, the case
 * status that follows from them, result delivery and the events are written together by
 * {@link #finish}.
 */
public final class CaseTransaction {
  private static final String ITEMS = ItemRow.TABLE.selectFrom("WHERE case_id = $1 ORDER BY position FOR NO KEY UPDATE");

  final SqlConnection conn;
  final CaseState kase;
  final List<ItemState> items;
  final OffsetDateTime now;
  private final List<NewEvent> events = new ArrayList<>();
  private final CaseStatus opened;
  private boolean changed;

  private CaseTransaction(SqlConnection conn, CaseState kase, List<ItemState> items, OffsetDateTime now) {
    this.conn = conn;
    this.kase = kase;
    this.opened = kase.status;
    this.items = items;
    this.now = now;
  }

  // locked in the order of the array (the sort runs before the locks): the caller's order, java.util.UUID's
  private static final String CASES =
      CaseRow.TABLE.selectFrom("WHERE case_id = ANY($1) ORDER BY array_position($1, case_id) FOR NO KEY UPDATE");
  private static final String ITEMS_OF_CASES =
      ItemRow.TABLE.selectFrom("WHERE case_id = ANY($1) ORDER BY array_position($1, case_id), position FOR NO KEY UPDATE");

  /**
   * Many cases opened at once ({@link CaseLog#changeEach}): the case rows locked in one statement in the
   * order given (the sort runs before the locks; callers give {@link UUID} order, so two such openings
   * cannot deadlock, and a single {@link #open} locks one case), then their items in one more.
   * {@code caseIds} in {@link UUID#compareTo} order, without repeats;
   * answers one transaction per id in that order, or fails NOT_FOUND naming a case that does not exist.
   */
  static Future<List<CaseTransaction>> openAll(SqlConnection conn, List<UUID> caseIds, OffsetDateTime now) {
    Tuple ids = Tuple.tuple().addArrayOfUUID(caseIds.toArray(UUID[]::new));
    return conn.preparedQuery(CASES).execute(ids).compose(cases -> {
      Map<UUID, CaseState> found = new HashMap<>();
      for (Row r : cases) {
        CaseState c = new CaseState(CaseRow.from(r, 0));
        found.put(c.caseId, c);
      }
      for (UUID id : caseIds) if (!found.containsKey(id)) return Future.failedFuture(DomainError.notFound("no case " + id));
      return conn.preparedQuery(ITEMS_OF_CASES).execute(ids).map(rows -> {
        Map<UUID, List<ItemState>> items = new HashMap<>();
        for (Row r : rows) {
          ItemState i = new ItemState(ItemRow.from(r, 0));
          items.computeIfAbsent(i.caseId, k -> new ArrayList<>()).add(i);
        }
        List<CaseTransaction> out = new ArrayList<>(caseIds.size());
        for (UUID id : caseIds) out.add(new CaseTransaction(conn, found.get(id), items.getOrDefault(id, new ArrayList<>()), now));
        return out;
      });
    });
  }

  static Future<CaseTransaction> open(SqlConnection conn, UUID caseId, OffsetDateTime now) {
    return conn.preparedQuery(CaseState.SELECT_FOR_UPDATE).execute(Tuple.of(caseId)).compose(rs -> {
      if (rs.size() == 0) return Future.failedFuture(DomainError.notFound("no case " + caseId));
      CaseState c = new CaseState(CaseRow.from(rs.iterator().next(), 0));
      return conn.preparedQuery(ITEMS).execute(Tuple.of(caseId)).map(items -> {
        List<ItemState> list = new ArrayList<>();
        for (Row r : items) list.add(new ItemState(ItemRow.from(r, 0)));
        return new CaseTransaction(conn, c, list, now);
      });
    });
  }

  /** The connection of this transaction, for rows a feature keeps beside the case (ratings, complaints). */
  public SqlConnection connection() { return conn; }
  /** The locked case. */
  public CaseState kase() { return kase; }
  /** The case's items in their order, locked. */
  public List<ItemState> items() { return items; }
  /** The time of this change (the events' {@code at}). */
  public OffsetDateTime now() { return now; }

  /** Appends an event; answers the seq it will have once committed. */
  public int event(NewEvent e) {
    events.add(e);
    return kase.lastSeq + events.size();
  }

  ItemState item(UUID itemId) {
    return items.stream().filter(i -> i.itemId.equals(itemId)).findFirst()
        .orElseThrow(() -> DomainError.notFound("no item " + itemId + " in case " + kase.caseId));
  }

  /** Moves an item and records ItemStatusChanged (or the given type) with {@code data}. */
  void move(ItemState item, ItemStatus to, EventType type, JsonObject data) {
    item.moveTo(to, now);
    events.add(NewEvent.ofItem(type, item.itemId, to.name(), item.department, data.copy().put("code", item.code)));
  }

  void requeue(ItemState item, String reason) {
    item.requeue(now);
    events.add(NewEvent.ofItem(EventType.ItemQueued, item.itemId, ItemStatus.QUEUED.name(), item.department,
        new JsonObject().put("code", item.code).put("reason", reason)));
  }

  /**
   * After an item reached a final status: waiting items whose prerequisites all completed are
   * queued with their {@code inputs} resolved from the completed items; waiting items with a prerequisite that can no longer complete are cancelled. The
   * decisions are {@link Dependents#settle}'s; the moves and their events are made here, in its order.
   */
  void settleDependents(ItemOutputs outputs) {
    List<Dependents.Item> view = items.stream().map(i -> new Dependents.Item(i.code, i.status, i.dependsOn)).toList();
    for (Dependents.Step step : Dependents.settle(view)) {
      ItemState w = items.stream().filter(i -> i.code.equals(step.code())).findFirst().orElseThrow();
      if (step.move() == Dependents.Move.QUEUE) {
        w.inputs = outputs.inputs(kase.thing, w, items);
        requeue(w, "prerequisites completed");
      } else {
        move(w, ItemStatus.CANCELLED, EventType.ItemStatusChanged, new JsonObject().put("note", "a prerequisite was not granted"));
      }
    }
  }

  /** Whether {@link #finish} wrote anything (an audit row is due). */
  boolean changed() { return changed; }

  /** Writes items, form, the case status that follows, result delivery and the events; answers the events as numbered. */
  Future<List<ProgressEvent>> finish() {
    return prepare().compose(w -> writeAll(conn, List.of(w)).map(w.events()));
  }

  /**
   * What {@link #finish} writes in statements many cases can share ({@link #writeAll}): the changed items'
   * update tuples, the log counter's move (null when there are no events) and the events as numbered.
   */
  record Writes(List<Tuple> items, EventLog.Bump bump, List<ProgressEvent> events) {}

  /**
   * The first half of {@link #finish}, what is this case's alone: derives the case status, writes a changed
   * form and the results delivery of a case that just ended (both rare), and answers the rest to write.
   */
  Future<Writes> prepare() {
    CaseStatus derived = CaseStatus.derive(kase.status, items.stream().map(i -> i.status).toList());
    if (derived != kase.status) caseStatus(derived);
    CaseStatus before = opened;
    CaseStatus after = kase.status;
    Future<Void> writes = Future.succeededFuture();
    List<Tuple> dirty = items.stream().filter(i -> i.dirty).map(ItemState::toUpdate).toList();
    changed = !dirty.isEmpty() || kase.formDirty || after != before || !events.isEmpty();
    if (kase.formDirty) {
      Tuple row = CaseRow.TABLE.updateArgs(kase.toRow().values(), CaseState.CHANGING);
      writes = writes.compose(v -> conn.preparedQuery(CaseState.UPDATE).execute(row).mapEmpty());
    }
    if (after.isFinal() && !before.isFinal()) writes = writes.compose(v -> deliverResults());
    return writes.map(v -> {
      List<ProgressEvent> numbered = EventLog.number(kase.caseId, kase.lastSeq + 1, now, events);
      // a new status alone (a dispatch's SUBMITTED -> IN_PROGRESS) goes with the log counter's update, in the same
      // statement, instead of rewriting the form and materials (re-encoded here, re-parsed by PostgreSQL) beside it;
      // a status change always comes with its event, so the counter moves whenever the status does
      CaseStatus status = !kase.formDirty && after != before ? after : null;
      EventLog.Bump bump = events.isEmpty() ? null : new EventLog.Bump(kase.caseId, kase.lastSeq, kase.lastSeq + events.size(), now, status);
      return new Writes(dirty, bump, numbered);
    });
  }

  /**
   * The second half of {@link #finish} for any number of prepared cases, in one statement each: the
   * items' updates (one batch), the counters' moves, the events' insert.
   */
  static Future<Void> writeAll(SqlConnection conn, List<Writes> all) {
    List<Tuple> items = new ArrayList<>();
    List<EventLog.Bump> bumps = new ArrayList<>();
    List<ProgressEvent> events = new ArrayList<>();
    for (Writes w : all) {
      items.addAll(w.items());
      if (w.bump() != null) bumps.add(w.bump());
      events.addAll(w.events());
    }
    Future<Void> writes = items.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(ItemState.UPDATE).executeBatch(items).mapEmpty();
    return writes.compose(v -> EventLog.bump(conn, bumps)).compose(v -> EventLog.insert(conn, events));
  }

  void caseStatus(CaseStatus to) {
    kase.status = to;
    events.add(NewEvent.ofCase(EventType.ofCaseStatus(to), to.name(), new JsonObject()));
  }

  /**
   * 一次送达 (国办发〔2022〕32号 三(五)): when the case ends, whatever the end, what its COMPLETED items
   * issued is delivered once the way the applicant chose ({@link ResultsDelivery}). The row's key is
   * the case id: a second end (another node, a retried commit) inserts nothing and announces nothing.
   */
  private Future<Void> deliverResults() {
    ResultsDelivery d = ResultsDelivery.of(kase, items, now);
    return conn.preparedQuery(ResultsDelivery.INSERT).execute(d.insertArgs(kase.caseId)).map(rs -> {
      if (rs.rowCount() > 0) events.add(NewEvent.ofCase(EventType.ResultsDelivered, kase.status.name(), d.eventData()));
      return null;
    });
  }
}
