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
import java.util.List;
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
    CaseStatus derived = CaseStatus.derive(kase.status, items.stream().map(i -> i.status).toList());
    if (derived != kase.status) caseStatus(derived);
    CaseStatus before = opened;
    CaseStatus after = kase.status;
    Future<Void> writes = Future.succeededFuture();
    List<Tuple> dirty = items.stream().filter(i -> i.dirty).map(ItemState::toUpdate).toList();
    changed = !dirty.isEmpty() || kase.formDirty || after != before || !events.isEmpty();
    if (!dirty.isEmpty()) writes = conn.preparedQuery(ItemState.UPDATE).executeBatch(dirty).mapEmpty();
    if (kase.formDirty || after != before) {
      Tuple row = CaseRow.TABLE.updateArgs(kase.toRow().values(), CaseState.CHANGING);
      writes = writes.compose(v -> conn.preparedQuery(CaseState.UPDATE).execute(row).mapEmpty());
    }
    if (after.isFinal() && !before.isFinal()) writes = writes.compose(v -> deliverResults());
    return writes.compose(v -> EventLog.append(conn, kase.caseId, kase.lastSeq, now, events));
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
