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
  private final MissingLists missingLists;

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
    this.missingLists = new MissingLists(catalog);
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
   * suspension lasted (event ItemResumed). A move the state machine does not allow is 409; COMPLETED
   * while a material the item needs is owed under 容缺 (OWED or OVERDUE) is 409 CONFLICT.
   */
  public Future<ItemAnswer> departmentStatus(Actor actor, String department, UUID itemId, ItemStatus status, String note, JsonObject result,
                                             JsonObject suspension, String eventId) {
    return departmentStatus(actor, department, itemId, status, note, result, suspension, null, eventId);
  }

  /**
   * As {@link #departmentStatus(Actor, String, UUID, ItemStatus, String, JsonObject, JsonObject, String)}, with the
   * {@code missing} list of a RETURNED report (补正, 一次性告知; {@link MissingLists}: each entry one of the item's
   * materials or form fields, else 422; on another status 422): kept on the item while it is RETURNED (the case view's
   * {@code missing}, cleared by the supplement) and in the ItemStatusChanged event's data. Null: none given.
   */
  public Future<ItemAnswer> departmentStatus(Actor actor, String department, UUID itemId, ItemStatus status, String note, JsonObject result,
                                             JsonObject suspension, JsonArray missing, String eventId) {
    if (missing != null && status != ItemStatus.RETURNED) {
      return Future.failedFuture(DomainError.invalid("missing", "only a RETURNED report carries a missing list"));
    }
    if (!DEPARTMENT_STATUSES.contains(status)) return Future.failedFuture(DomainError.invalid("status", "status must be one of " + DEPARTMENT_STATUSES));
    if (suspension != null && status != ItemStatus.SUSPENDED) {
      return Future.failedFuture(DomainError.invalid("suspension", "only a SUSPENDED report carries a suspension"));
    }
    return caseOfItem(itemId, department).compose(caseId -> inCase(caseId, actor, AuditAction.ITEM_STATUS, tx -> {
      Future<ItemAnswer> earlier = eventId == null ? Future.succeededFuture(null)
          : tx.conn.preparedQuery(FIND_CALLBACK).execute(Tuple.of(department, eventId))
              .map(rs -> rs.size() == 0 ? null : ItemAnswer.fromStored((JsonObject) rs.iterator().next().getJson("response")));
      return earlier.compose(answered -> answered != null || status != ItemStatus.COMPLETED ? Future.succeededFuture(answered)
          : refuseWhileOwed(tx, tx.item(itemId)).map(answered)).compose(answered -> {
        if (answered != null) return Future.succeededFuture(answered);
        ItemState item = tx.item(itemId);
        if (status == ItemStatus.COMPLETED && item.status.canMoveTo(status)) outputs.checkCompletion(tx.kase.thing, item, tx.items, result);
        JsonObject data = new JsonObject().put("note", note);
        if (result != null) {
          item.result = result;
          data.put("result", result);
        }
        item.note = note;
        if (status == ItemStatus.RETURNED && missing != null && item.status.canMoveTo(status)) {
          JsonArray checked = missingLists.check(tx.kase.thing, item.code, missing);
          data.put("missing", checked);
          clocks.stop(item, tx.now, new JsonObject().put("missing", checked));
        }
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

  private Future<Void> refuseWhileOwed(CaseTransaction tx, ItemState item) {
    return Obligations.of(tx.conn, tx.kase.caseId).compose(list -> {
      for (ObligationRow o : list) {
        if (o.owed() && o.items().contains(item.code)) {
          return Future.failedFuture(DomainError.conflict("material " + o.material() + " of item " + item.code
              + " is owed (容缺) since intake; it cannot be COMPLETED before it is handed in (POST /cases/" + tx.kase.caseId + "/materials)"));
        }
      }
      return Future.succeededFuture();
    });
  }

  /**
   * 容缺: the applicant (or the filing channel, or the window for the person in front of it) hands in
   * owed materials {@code [{code, ecertRef | fileRef}]} at any time: each must be an OWED or OVERDUE
   * obligation of the case (else 422 naming {@code materials[i].code}); they join the case's materials,
   * their obligations become SUPPLIED (and those of the materials they stand in for, the catalog's
   * {@code alternatives}), and every item that needs one gets a MaterialSupplied event
   * (on its department's stream). A withdrawn case is 409. Answers the case's follow-ups after it.
   */
  public Future<List<ObligationRow>> supplyMaterials(Actor actor, UUID caseId, JsonArray materials) {
    return inCase(caseId, actor, AuditAction.MATERIALS_SUPPLIED, tx -> {
      if (tx.kase.status == CaseStatus.WITHDRAWN) throw DomainError.illegal("case " + caseId + " is WITHDRAWN");
      return Obligations.of(tx.conn, caseId).compose(list -> {
        java.util.Map<String, ObligationRow> owed = new java.util.HashMap<>();
        list.stream().filter(ObligationRow::owed).forEach(o -> owed.put(o.material(), o));
        List<onego.domain.FieldError> errors = new java.util.ArrayList<>();
        java.util.LinkedHashMap<String, ObligationRow> handed = new java.util.LinkedHashMap<>();
        for (int k = 0; k < materials.size(); k++) {
          String code = materials.getJsonObject(k).getString("code");
          if (!owed.containsKey(code)) errors.add(new onego.domain.FieldError("materials[" + k + "].code", "material " + code + " is not owed by this case"));
          else if (handed.put(code, owed.get(code)) != null) errors.add(new onego.domain.FieldError("materials[" + k + "].code", "material " + code + " is given twice"));
        }
        if (!errors.isEmpty()) return Future.failedFuture(DomainError.invalid(errors));
        tx.kase.materials = mergeMaterials(tx.kase.materials, materials);
        tx.kase.formDirty = true;
        for (ItemState i : tx.items) {
          List<String> mine = handed.values().stream().filter(o -> o.items().contains(i.code)).map(ObligationRow::material).toList();
          if (mine.isEmpty()) continue;
          tx.event(NewEvent.ofItem(EventType.MaterialSupplied, i.itemId, i.status.name(), i.department,
              new JsonObject().put("code", i.code).put("materials", new JsonArray(mine))));
        }
        Future<Void> writes = Future.succeededFuture();
        for (ObligationRow o : handed.values()) writes = writes.compose(v -> Obligations.settle(tx.conn, o, "SUPPLIED", tx.now, actor.id(), null));
        // 二者取其一: a material handed in settles the materials it stands in for
        for (ObligationRow o : owed.values()) {
          if (handed.containsKey(o.material())) continue;
          onego.domain.Material m = catalog.material(o.material());
          String by = m == null ? null : m.alternatives().stream().filter(handed::containsKey).findFirst().orElse(null);
          if (by != null) writes = writes.compose(v -> Obligations.settle(tx.conn, o, "SUPPLIED", tx.now, actor.id(), "alternative " + by + " handed in"));
        }
        return writes.compose(v -> Obligations.of(tx.conn, caseId));
      });
    });
  }

  /**
   * 容缺 overdue: an obligation still OWED past its due date becomes OVERDUE (event MaterialOverdue on
   * the first item that needs it) and raises one red {@code waiver} card for that item's department
   * (cause {@code waiver:<caseId>:<material>}: once, however often it is asked). Answers whether it did.
   */
  public Future<Boolean> materialOverdue(UUID caseId, String material) {
    return inCase(caseId, DEADLINES, AuditAction.DEADLINE_CARD, tx -> Obligations.of(tx.conn, caseId).compose(list -> {
      ObligationRow o = find(list, ObligationRow.WAIVER, material);
      if (o == null || !"OWED".equals(o.state()) || o.cardedAt() != null || !o.dueAt().isBefore(tx.now)) return Future.succeededFuture(false);
      ItemState first = firstNeeding(tx, o);
      tx.event(NewEvent.ofItem(EventType.MaterialOverdue, first.itemId, first.status.name(), first.department, new JsonObject()
          .put("code", first.code).put("material", material).put("items", new JsonArray(o.items())).put("dueAt", Times.format(Times.in(o.dueAt(), zone)))));
      return Obligations.carded(tx.conn, o, "OVERDUE", tx.now)
          .compose(v -> Cards.raise(tx.conn, CardRow.raised("waiver:" + caseId + ":" + material, "red", "waiver", caseId, first.itemId,
              first.department, tx.now)));
    }));
  }

  /**
   * 告知承诺 overdue: a commitment still PENDING past its {@code verificationDays} raises one yellow
   * {@code verification} card for the department of the first item that needs it (cause
   * {@code verification:<caseId>:<material>}); the commitment stays PENDING. Answers whether it did.
   */
  public Future<Boolean> verificationOverdue(UUID caseId, String material) {
    return inCase(caseId, DEADLINES, AuditAction.DEADLINE_CARD, tx -> Obligations.of(tx.conn, caseId).compose(list -> {
      ObligationRow o = find(list, ObligationRow.COMMITMENT, material);
      if (o == null || !"PENDING".equals(o.state()) || o.cardedAt() != null || !o.dueAt().isBefore(tx.now)) return Future.succeededFuture(false);
      ItemState first = firstNeeding(tx, o);
      return Obligations.carded(tx.conn, o, "PENDING", tx.now)
          .compose(v -> Cards.raise(tx.conn, CardRow.raised("verification:" + caseId + ":" + material, "yellow", "verification", caseId,
              first.itemId, first.department, tx.now)));
    }));
  }

  /**
   * 告知承诺 after-check by the department of its own item (another's: 404): {@code material} must be a
   * commitment of the case that the item needs (else 422 on {@code material}) and still PENDING (else
   * 409 CONFLICT); {@code outcome} {@code confirmed} or {@code false} (event CommitmentVerified). A false
   * commitment on a COMPLETED item revokes it: REVOKED, event ItemRevoked, its certificates marked
   * {@code revoked: true} in its result.
   */
  public Future<ItemAnswer> verifyCommitment(Actor actor, String department, UUID itemId, String material, String outcome, String note) {
    if (!"confirmed".equals(outcome) && !"false".equals(outcome)) {
      return Future.failedFuture(DomainError.invalid("outcome", "outcome must be confirmed or false"));
    }
    return caseOfItem(itemId, department).compose(caseId -> inCase(caseId, actor, AuditAction.COMMITMENT_VERIFIED, tx ->
        Obligations.of(tx.conn, caseId).compose(list -> {
          ItemState item = tx.item(itemId);
          ObligationRow o = find(list, ObligationRow.COMMITMENT, material);
          if (o == null || !o.items().contains(item.code)) {
            throw DomainError.invalid("material", "material " + material + " is not a commitment (告知承诺) of item " + item.code);
          }
          if (!"PENDING".equals(o.state())) throw DomainError.conflict("commitment " + material + " was already verified: " + o.state());
          boolean fals = "false".equals(outcome);
          tx.event(NewEvent.ofItem(EventType.CommitmentVerified, itemId, item.status.name(), item.department,
              new JsonObject().put("code", item.code).put("material", material).put("outcome", outcome).put("note", note)));
          if (fals && item.status == ItemStatus.COMPLETED) revoke(tx, item, material, note);
          return Obligations.settle(tx.conn, o, fals ? "FALSE" : "CONFIRMED", tx.now, actor.id(), note)
              .map(v -> ItemAnswer.of(item.toRow(), clocks.of(item, tx.now)));
        })));
  }

  private static void revoke(CaseTransaction tx, ItemState item, String material, String note) {
    JsonArray certificates = new JsonArray();
    if (item.result != null && item.result.getJsonArray("certificates") != null) {
      JsonObject result = item.result.copy();
      result.getJsonArray("certificates").forEach(c -> {
        ((JsonObject) c).put("revoked", true);
        certificates.add(((JsonObject) c).getString("type"));
      });
      item.result = result;
    }
    tx.move(item, ItemStatus.REVOKED, EventType.ItemRevoked, new JsonObject().put("material", material).put("note", note)
        .put("reason", "告知承诺不实，撤销审批决定").put("certificates", certificates));
  }

  private static ObligationRow find(List<ObligationRow> list, String kind, String material) {
    return list.stream().filter(o -> o.kind().equals(kind) && o.material().equals(material)).findFirst().orElse(null);
  }

  private static ItemState firstNeeding(CaseTransaction tx, ObligationRow o) {
    return tx.items.stream().filter(i -> o.items().contains(i.code)).findFirst().orElse(tx.items.get(0));
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

  /** What one lease of a batch ack ({@link #ackedAll}) came to, judged under the case's lock. */
  public enum AckOutcome {
    /** The lease was the item's: the item is DISPATCHED now. */
    ACKED,
    /** The item holds no lease and is past delivery (DISPATCHED or further, or its withdrawal notice done): a repeat. */
    ALREADY_ACKED,
    /** The lease is not the item's (ran out and was re-leased or not, superseded, the item dead-lettered or withdrawn meanwhile): pull again. */
    LEASE_EXPIRED
  }

  /**
   * Pull acks of many leases ({@code POST /departments/{code}/items/ack}) in one transaction
   * ({@link CaseLog#changeEach}: cases locked in id order, one commit, one audit append of
   * ITEM_DISPATCHED per changed case); each judged as the single ack ({@link #dispatched}), in order.
   * A withdrawal notice's lease is acknowledged as {@code ItemLeases#cancelDone} does (ACKED, the item stays CANCELLED).
   * The same item twice: the first entry acks it, a later one finds it ALREADY_ACKED. Fails as a whole
   * only when the store does.
   */
  public Future<List<AckOutcome>> ackedAll(Actor actor, List<Delivered> leases) {
    List<CaseLog.Change<AckOutcome>> changes = leases.stream().map(d -> new CaseLog.Change<AckOutcome>(d.caseId(), tx -> {
      ItemState item = tx.item(d.itemId());
      if (d.leaseId().equals(item.leaseId) && item.cancelPending) {
        // a withdrawal notice reached the department (as ItemLeases#cancelDone, under the case's lock)
        item.cancelPending = false;
        item.leaseId = null;
        item.leaseUntil = null;
        item.lastError = null;
        item.dirty = true;
        return Future.succeededFuture(AckOutcome.ACKED);
      }
      if (d.leaseId().equals(item.leaseId)) {
        return markDispatched(tx, d.itemId(), d.leaseId()).map(ok -> ok ? AckOutcome.ACKED : AckOutcome.LEASE_EXPIRED);
      }
      boolean past = item.leaseId == null && !item.cancelPending && item.status != ItemStatus.WAITING
          && item.status != ItemStatus.QUEUED && item.status != ItemStatus.DELIVERY_FAILED;
      return Future.succeededFuture(past ? AckOutcome.ALREADY_ACKED : AckOutcome.LEASE_EXPIRED);
    })).toList();
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
    return supplement(actor, caseId, itemId, form, materials, null, null);
  }

  /**
   * {@link #supplement(Actor, UUID, UUID, JsonObject, JsonArray)} applied at most once per {@code (sender, key)}
   * (跨省通办: a peer platform's supplement round, {@code sender} {@code federation:<origin>}): a repeated key
   * answers what it answered first and changes nothing; the key is recorded in the supplement's transaction
   * ({@code department_callbacks}), under the case's lock, so concurrent copies apply once. Null key: no such check.
   */
  public Future<ItemAnswer> supplement(Actor actor, UUID caseId, UUID itemId, JsonObject form, JsonArray materials, String sender, String key) {
    return inCase(caseId, actor, AuditAction.SUPPLEMENT_SUBMITTED, tx -> {
      Future<ItemAnswer> earlier = key == null ? Future.succeededFuture(null)
          : tx.conn.preparedQuery(FIND_CALLBACK).execute(Tuple.of(sender, key))
              .map(rs -> rs.size() == 0 ? null : ItemAnswer.fromStored((JsonObject) rs.iterator().next().getJson("response")));
      return earlier.compose(answered -> {
        if (answered != null) return Future.succeededFuture(answered);
        ItemAnswer answer = supplementIn(tx, itemId, form, materials);
        if (key == null) return Future.succeededFuture(answer);
        return tx.conn.preparedQuery(SAVE_CALLBACK).execute(Tuple.of(sender, key, itemId, answer.stored(), tx.now)).map(answer);
      });
    });
  }

  private ItemAnswer supplementIn(CaseTransaction tx, UUID itemId, JsonObject form, JsonArray materials) {
    {
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
      return ItemAnswer.of(item.toRow(), clocks.of(item, tx.now));
    }
  }

  private static JsonArray mergeMaterials(JsonArray old, JsonArray added) {
    JsonArray out = new JsonArray();
    Set<String> replaced = new java.util.HashSet<>();
    added.forEach(m -> replaced.add(((JsonObject) m).getString("code")));
    old.forEach(m -> { if (!replaced.contains(((JsonObject) m).getString("code"))) out.add(m); });
    added.forEach(out::add);
    return out;
  }

  /**
   * Withdraws a case: every unfinished item is cancelled; departments holding one are told. An item counts as held
   * whatever its status here when a department has had it before (an {@code ItemDispatched} event: e.g. RETURNED for
   * 补正, supplemented and QUEUED again, not yet delivered again) or a peer platform filed it (跨省通办,
   * {@code federation_handoffs_out}): that department or peer is told too.
   */
  public Future<CaseState> withdraw(Actor actor, UUID caseId) {
    return inCase(caseId, actor, AuditAction.CASE_WITHDRAWN, tx -> {
      if (tx.kase.status.isFinal()) throw DomainError.illegal("case " + caseId + " is " + tx.kase.status);
      return tx.conn.preparedQuery(HELD_BEFORE).execute(Tuple.of(caseId)).map(rs -> {
        Set<UUID> handed = new java.util.HashSet<>();
        rs.forEach(r -> handed.add(r.getUUID(0)));
        return withdrawIn(tx, handed);
      });
    });
  }

  /** The items of a case that a department or a peer platform has had at some point. */
  private static final String HELD_BEFORE = "SELECT item_id FROM federation_handoffs_out WHERE case_id = $1"
      + " UNION SELECT item_id FROM case_events WHERE case_id = $1 AND type = 'ItemDispatched'";

  private static CaseState withdrawIn(CaseTransaction tx, Set<UUID> handed) {
    {
      for (ItemState i : tx.items) {
        if (i.status.isFinal()) continue;
        boolean departmentHasIt = DEPARTMENT_HOLDS.contains(i.status) || handed.contains(i.itemId);
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
      return tx.kase;
    }
  }

  /**
   * A deadline card (yellow: ItemDueSoon, red: ItemOverdue), raised once per item and only while
   * its clock runs (not while RETURNED for 补正, SUSPENDED or WAITING): the
   * column ({@code yellow_at}, {@code red_at}) set in the same transaction as the event, under the
   * case's lock, is what makes it once; the card's row ({@link Cards}, kind {@code deadline}) is
   * written in that transaction too, unique on its cause.
   */
  public Future<Boolean> raiseCard(UUID caseId, UUID itemId, boolean red) {
    return inCase(caseId, DEADLINES, AuditAction.DEADLINE_CARD, tx -> raiseCard(tx, itemId, red));
  }

  /**
   * {@link #raiseCard} for many items in one transaction ({@link CaseLog#changeEach}: cases locked in id
   * order, one commit, one audit append of DEADLINE_CARD per changed case), so a sweep over many items is a
   * few short transactions instead of one commit per card. Answers how many cards were raised (an item
   * already carded or whose clock stopped counts 0). Fails as a whole only when the store does.
   */
  public Future<Integer> raiseCards(List<ItemRow> items, boolean red) {
    // a card moves no item, so no clock needs settling (Clocks#settle) as in raiseCard's single change
    List<CaseLog.Change<Boolean>> changes = items.stream()
        .map(i -> new CaseLog.Change<Boolean>(i.caseId(), tx -> raiseCard(tx, i.itemId(), red))).toList();
    return log.changeEach(changes, DEADLINES, AuditAction.DEADLINE_CARD)
        .map(raised -> (int) raised.stream().filter(Boolean::booleanValue).count());
  }

  private Future<Boolean> raiseCard(CaseTransaction tx, UUID itemId, boolean red) {
    ItemState item = tx.item(itemId);
    if (!ItemClock.runs(item.status) || (red ? item.redAt : item.yellowAt) != null) return Future.succeededFuture(false);
    if (red) item.redAt = tx.now;
    else item.yellowAt = tx.now;
    item.dirty = true;
    tx.event(NewEvent.ofItem(red ? EventType.ItemOverdue : EventType.ItemDueSoon, itemId, item.status.name(), item.department,
        new JsonObject().put("code", item.code).put("dueAt", Times.format(Times.in(item.dueAt, zone)))));
    return Cards.raise(tx.conn, CardRow.raised(Cards.deadlineCause(itemId, red), red ? "red" : "yellow", "deadline", tx.kase.caseId,
        itemId, item.department, tx.now)).map(true);
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
