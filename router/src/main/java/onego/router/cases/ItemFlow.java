package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.CaseStatus;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemClock;
import onego.domain.ItemStatus;
import onego.domain.WorkingCalendar;
import onego.domain.Times;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every change of an item after intake: department results, dispatch outcomes, supplements,
 * withdrawals, dead-letter replays and deadline cards. Each is one {@link CaseLog#change}, on
 * record in the audit trail with the {@link Actor} who made it: the department, the applicant or
 * their channel, an admin, or the node itself ({@link #DISPATCH}, {@link #DEADLINES}).
 */
public final class ItemFlow {
  /** What departments may report. */
  public static final Set<ItemStatus> DEPARTMENT_STATUSES = EnumSet.of(ItemStatus.ACCEPTED, ItemStatus.IN_PROGRESS,
      ItemStatus.SUSPENDED, ItemStatus.RETURNED, ItemStatus.COMPLETED, ItemStatus.REJECTED);
  private static final Set<ItemStatus> DEPARTMENT_HOLDS =
      EnumSet.of(ItemStatus.DISPATCHED, ItemStatus.ACCEPTED, ItemStatus.IN_PROGRESS, ItemStatus.SUSPENDED, ItemStatus.RETURNED);

  private static final String ITEM_CASE = "SELECT case_id, department FROM case_items WHERE item_id = $1";
  private static final String FIND_CALLBACK = "SELECT response FROM department_callbacks WHERE department = $1 AND event_id = $2";
  private static final String SAVE_CALLBACK = """
      INSERT INTO department_callbacks (department, event_id, item_id, response, created_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT DO NOTHING""";

  /** The node's dispatcher (push outcomes, pull leases running out). */
  public static final Actor DISPATCH = Actor.system("dispatch");
  /** The deadline watcher (yellow and red cards). */
  public static final Actor DEADLINES = Actor.system("deadline-watcher");

  private final Pool pool;
  private final CaseLog log;
  private final ZoneId zone;
  private final ItemOutputs outputs;
  private final Catalog catalog;
  private final Clocks clocks;
  private final Suspensions suspensions;

  /** A flow on a calendar of Monday to Friday less the statutory holidays, in the log's zone (store tests). */
  public ItemFlow(Pool pool, CaseLog log, Catalog catalog) {
    this(pool, log, catalog, new WorkingCalendar(log.zone(), Set.of(), Set.of()));
  }

  /** {@code calendar}: the working days item clocks count ({@link onego.domain.ItemClock}). */
  public ItemFlow(Pool pool, CaseLog log, Catalog catalog, WorkingCalendar calendar) {
    this.outputs = new ItemOutputs(catalog);
    this.pool = pool;
    this.log = log;
    this.zone = log.zone();
    this.catalog = catalog;
    this.clocks = new Clocks(calendar);
    this.suspensions = new Suspensions(catalog, calendar);
  }

  public ZoneId zone() { return zone; }

  /** A status report of a department on its own item; a repeated {@code eventId} answers what it answered first. */
  public Future<ItemAnswer> departmentStatus(Actor actor, String department, UUID itemId, ItemStatus status, String note, JsonObject result,
                                             String eventId) {
    return departmentStatus(actor, department, itemId, status, note, result, null, eventId);
  }

  /**
   * A status report of a department on its own item; a repeated {@code eventId} answers what it
   * answered first. SUSPENDED needs {@code suspension} {procedure, until} for a special procedure the
   * item lists, until a day no further than that procedure's maximum working days (422 otherwise,
   * {@link Suspensions}); it stops the item's clock (event ItemSuspended). IN_PROGRESS on a
   * SUSPENDED item resumes it: the clock runs again and {@code dueAt} moves by the working days the
   * suspension lasted (event ItemResumed). A move the state machine does not allow is 409.
   */
  public Future<ItemAnswer> departmentStatus(Actor actor, String department, UUID itemId, ItemStatus status, String note, JsonObject result,
                                             JsonObject suspension, String eventId) {
    if (!DEPARTMENT_STATUSES.contains(status)) return Future.failedFuture(DomainError.invalid("status", "status must be one of " + DEPARTMENT_STATUSES));
    if (suspension != null && status != ItemStatus.SUSPENDED) {
      return Future.failedFuture(DomainError.invalid("suspension", "only a SUSPENDED report carries a suspension"));
    }
    return caseOfItem(itemId, department).compose(caseId -> inCase(caseId, actor, AuditAction.ITEM_STATUS, tx -> {
      Future<ItemAnswer> earlier = eventId == null ? Future.succeededFuture(null)
          : tx.conn.preparedQuery(FIND_CALLBACK).execute(Tuple.of(department, eventId))
              .map(rs -> rs.size() == 0 ? null : ItemAnswer.fromStored((JsonObject) rs.iterator().next().getJson("response")));
      return earlier.compose(answered -> {
        if (answered != null) return Future.succeededFuture(answered);
        ItemState item = tx.item(itemId);
        if (status == ItemStatus.COMPLETED && item.status.canMoveTo(status)) outputs.checkCompletion(tx.kase.thing, item, tx.items, result);
        JsonObject data = new JsonObject().put("note", note);
        if (result != null) {
          item.result = result;
          data.put("result", result);
        }
        item.note = note;
        if (status == ItemStatus.SUSPENDED) suspend(tx, item, suspension, note);
        else if (item.status == ItemStatus.SUSPENDED && status == ItemStatus.IN_PROGRESS) resume(tx, item, data, "resumed by the department");
        else tx.move(item, status, EventType.ItemStatusChanged, data);
        if (status == ItemStatus.COMPLETED || status == ItemStatus.REJECTED) tx.settleDependents(outputs);
        clocks.settle(tx);
        ItemAnswer answer = ItemAnswer.of(item.toRow(), clocks.of(item, tx.now));
        if (eventId == null) return Future.succeededFuture(answer);
        return tx.conn.preparedQuery(SAVE_CALLBACK).execute(Tuple.of(department, eventId, itemId, answer.stored(), tx.now)).map(answer);
      });
    }));
  }

  private void suspend(CaseTransaction tx, ItemState item, JsonObject suspension, String note) {
    JsonObject stored = suspensions.check(tx.kase.thing, item.code, suspension, tx.now).put("note", note);
    if (!item.status.canMoveTo(ItemStatus.SUSPENDED)) {
      throw DomainError.illegal("item " + item.itemId + " cannot go from " + item.status + " to SUSPENDED");
    }
    clocks.stop(item, tx.now, stored);
    tx.move(item, ItemStatus.SUSPENDED, EventType.ItemSuspended, stored.copy()
        .put("procedureName", Suspensions.chinese(stored.getString("procedure"))).put("dueAt", Times.format(Times.in(item.dueAt, zone))));
  }

  private void resume(CaseTransaction tx, ItemState item, JsonObject data, String reason) {
    String procedure = item.suspension == null ? null : item.suspension.getString("procedure");
    int days = clocks.restart(item, tx.now);
    tx.move(item, ItemStatus.IN_PROGRESS, EventType.ItemResumed, data.copy().put("procedure", procedure).put("stoppedDays", days)
        .put("dueAt", Times.format(Times.in(item.dueAt, zone))).put("reason", reason));
  }

  /**
   * A suspension whose {@code until} has passed and that its department has not ended: the item is
   * resumed (IN_PROGRESS, event ItemResumed), its clock stopped through {@code until} only. Answers
   * whether it was (false when the item has moved on meanwhile or its suspension has not ended).
   */
  public Future<Boolean> resumeEnded(UUID caseId, UUID itemId) {
    return inCase(caseId, DEADLINES, AuditAction.ITEM_STATUS, tx -> {
      ItemState item = tx.item(itemId);
      if (item.status != ItemStatus.SUSPENDED || item.suspension == null) return Future.succeededFuture(false);
      java.time.LocalDate until = java.time.LocalDate.parse(item.suspension.getString("until"));
      if (!tx.now.atZoneSameInstant(zone).toLocalDate().isAfter(until)) return Future.succeededFuture(false);
      resume(tx, item, new JsonObject().put("note", "特别程序期限届满（" + until + "），自动恢复计时"), "the suspension's until passed");
      return Future.succeededFuture(true);
    });
  }

  /**
   * The department has the item (a 2xx to the push, or a pull ack). Ignored when the lease is no
   * longer this one; if the case was withdrawn meanwhile, the department is told to cancel.
   * {@code actor}: {@link #DISPATCH} for a push, the department for a pull ack.
   */
  public Future<Boolean> dispatched(Actor actor, UUID caseId, UUID itemId, UUID leaseId) {
    return inCase(caseId, actor, AuditAction.ITEM_DISPATCHED, tx -> markDispatched(tx, itemId, leaseId));
  }

  /** A push that reached its department (for {@link #dispatchedAll}). */
  public record Delivered(UUID caseId, UUID itemId, UUID leaseId) {}

  /**
   * {@link #dispatched} for many pushes in one transaction ({@link CaseLog#changeEach}: cases locked
   * in id order, one commit); answers, in order, whether each counted. Fails as a whole.
   */
  public Future<List<Boolean>> dispatchedAll(Actor actor, List<Delivered> delivered) {
    List<CaseLog.Change<Boolean>> changes = delivered.stream()
        .map(d -> new CaseLog.Change<Boolean>(d.caseId(), tx -> markDispatched(tx, d.itemId(), d.leaseId()))).toList();
    return log.changeEach(changes, actor, AuditAction.ITEM_DISPATCHED);
  }

  private static Future<Boolean> markDispatched(CaseTransaction tx, UUID itemId, UUID leaseId) {
    ItemState item = tx.item(itemId);
    if (!leaseId.equals(item.leaseId)) return Future.succeededFuture(false);
    if (item.status == ItemStatus.CANCELLED) {
      // Withdrawn while this delivery was under way: the department has it, so tell it.
      item.cancelPending = true;
      item.leaseId = null;
      item.leaseUntil = null;
      item.dirty = true;
      return Future.succeededFuture(false);
    }
    tx.move(item, ItemStatus.DISPATCHED, EventType.ItemDispatched,
        new JsonObject().put("deliveryId", String.valueOf(item.deliveryId)).put("attempt", item.attempts));
    return Future.succeededFuture(true);
  }

  /** Attempts are used up: the item goes to the dead-letter list. */
  public Future<Boolean> deliveryFailed(UUID caseId, UUID itemId, UUID leaseId, String error) {
    return inCase(caseId, DISPATCH, AuditAction.ITEM_DELIVERY_FAILED, tx -> {
      ItemState item = tx.item(itemId);
      if (!leaseId.equals(item.leaseId) || item.status != ItemStatus.QUEUED) return Future.succeededFuture(false);
      item.lastError = error;
      item.failedAt = tx.now;
      tx.move(item, ItemStatus.DELIVERY_FAILED, EventType.ItemDeliveryFailed,
          new JsonObject().put("attempts", item.attempts).put("error", error));
      return Future.succeededFuture(true);
    });
  }

  /** Admin replay of a dead letter: queued again with a fresh dispatch. */
  public Future<ItemAnswer> replay(Actor admin, UUID itemId) {
    return caseOfItem(itemId, null).compose(caseId -> inCase(caseId, admin, AuditAction.DEAD_LETTER_REPLAY, tx -> {
      ItemState item = tx.item(itemId);
      if (item.status != ItemStatus.DELIVERY_FAILED) throw DomainError.illegal("item " + itemId + " is " + item.status + ", not DELIVERY_FAILED");
      tx.requeue(item, "replayed from the dead-letter list");
      return Future.succeededFuture(ItemAnswer.of(item.toRow(), clocks.of(item, tx.now)));
    }));
  }

  /** 补正: new form values and materials for a RETURNED item, which is queued again. */
  public Future<ItemAnswer> supplement(Actor actor, UUID caseId, UUID itemId, JsonObject form, JsonArray materials) {
    return inCase(caseId, actor, AuditAction.SUPPLEMENT_SUBMITTED, tx -> {
      ItemState item = tx.item(itemId);
      if (item.status != ItemStatus.RETURNED) throw DomainError.illegal("item " + itemId + " is " + item.status + "; only a RETURNED item takes a supplement");
      tx.kase.form = tx.kase.form.copy().mergeIn(form);
      tx.kase.materials = mergeMaterials(tx.kase.materials, materials);
      tx.kase.formDirty = true;
      tx.event(NewEvent.ofItem(EventType.SupplementSubmitted, itemId, ItemStatus.RETURNED.name(), item.department,
          new JsonObject().put("code", item.code).put("fields", new JsonArray(List.copyOf(form.fieldNames())))
              .put("materials", new JsonArray(materials.stream().map(m -> ((JsonObject) m).getString("code")).toList()))));
      tx.requeue(item, "supplement submitted");
      clocks.settle(tx);
      return Future.succeededFuture(ItemAnswer.of(item.toRow(), clocks.of(item, tx.now)));
    });
  }

  private static JsonArray mergeMaterials(JsonArray old, JsonArray added) {
    JsonArray out = new JsonArray();
    Set<String> replaced = new java.util.HashSet<>();
    added.forEach(m -> replaced.add(((JsonObject) m).getString("code")));
    old.forEach(m -> { if (!replaced.contains(((JsonObject) m).getString("code"))) out.add(m); });
    added.forEach(out::add);
    return out;
  }

  /** Withdraws a case: every unfinished item is cancelled; departments holding one are told. */
  public Future<CaseState> withdraw(Actor actor, UUID caseId) {
    return inCase(caseId, actor, AuditAction.CASE_WITHDRAWN, tx -> {
      if (tx.kase.status.isFinal()) throw DomainError.illegal("case " + caseId + " is " + tx.kase.status);
      for (ItemState i : tx.items) {
        if (i.status.isFinal()) continue;
        boolean departmentHasIt = DEPARTMENT_HOLDS.contains(i.status);
        // A queued item under a live lease is being delivered right now: the department may get
        // it. Keep the lease, so the cancel message waits until that delivery has ended.
        boolean inFlight = i.status == ItemStatus.QUEUED && i.leaseUntil != null && i.leaseUntil.isAfter(tx.now);
        UUID lease = i.leaseId;
        java.time.OffsetDateTime leaseUntil = i.leaseUntil;
        tx.move(i, ItemStatus.CANCELLED, EventType.ItemStatusChanged, new JsonObject().put("note", "case withdrawn by the applicant"));
        if (departmentHasIt || inFlight) {
          i.cancelPending = true;
          i.attempts = 0;
          i.nextAttemptAt = null;
        }
        if (inFlight) {
          i.leaseId = lease;
          i.leaseUntil = leaseUntil;
        }
      }
      tx.caseStatus(CaseStatus.WITHDRAWN);
      return Future.succeededFuture(tx.kase);
    });
  }

  /**
   * A deadline card (yellow: ItemDueSoon, red: ItemOverdue), raised once per item and only while
   * its clock runs (not while RETURNED for 补正, SUSPENDED or WAITING): the
   * column ({@code yellow_at}, {@code red_at}) set in the same transaction as the event, under the
   * case's lock, is what makes it once; the card's row ({@link Cards}, kind {@code deadline}) is
   * written in that transaction too, unique on its cause.
   */
  public Future<Boolean> raiseCard(UUID caseId, UUID itemId, boolean red) {
    return inCase(caseId, DEADLINES, AuditAction.DEADLINE_CARD, tx -> {
      ItemState item = tx.item(itemId);
      if (!ItemClock.runs(item.status) || (red ? item.redAt : item.yellowAt) != null) return Future.succeededFuture(false);
      if (red) item.redAt = tx.now;
      else item.yellowAt = tx.now;
      item.dirty = true;
      tx.event(NewEvent.ofItem(red ? EventType.ItemOverdue : EventType.ItemDueSoon, itemId, item.status.name(), item.department,
          new JsonObject().put("code", item.code).put("dueAt", Times.format(Times.in(item.dueAt, zone)))));
      return Cards.raise(tx.conn, CardRow.raised(Cards.deadlineCause(itemId, red), red ? "red" : "yellow", "deadline", caseId, itemId,
          item.department, tx.now)).map(true);
    });
  }

  private Future<UUID> caseOfItem(UUID itemId, String department) {
    return pool.preparedQuery(ITEM_CASE).execute(Tuple.of(itemId)).compose(rs -> {
      if (rs.size() == 0) return Future.failedFuture(DomainError.notFound("no item " + itemId));
      var row = rs.iterator().next();
      if (department != null && !department.equals(row.getString("department"))) {
        return Future.failedFuture(DomainError.notFound("no item " + itemId + " for department " + department));
      }
      return Future.succeededFuture(row.getUUID("case_id"));
    });
  }

  /** {@code work} in one change of the case, the clocks of the items it moved settled afterwards ({@link Clocks#settle}). */
  private <T> Future<T> inCase(UUID caseId, Actor actor, AuditAction action, Function<CaseTransaction, Future<T>> work) {
    return log.change(caseId, actor, action, tx -> work.apply(tx).map(r -> {
      clocks.settle(tx);
      return r;
    }));
  }
}
