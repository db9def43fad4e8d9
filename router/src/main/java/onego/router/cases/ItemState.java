package onego.router.cases;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import onego.domain.DomainError;
import onego.domain.ItemStatus;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One item as a flow transaction reads it and changes it; written back once at the end if dirty. */
public final class ItemState {
  static final String UPDATE = ItemRow.TABLE.updateByKey(ItemRow.CHANGING);

  private final ItemRow row;
  final UUID itemId;
  final UUID caseId;
  final String code;
  final String name;
  final String department;
  final List<String> dependsOn;
  OffsetDateTime dueAt;
  ItemStatus status;
  JsonObject result;
  String note;
  UUID deliveryId;
  int attempts;
  OffsetDateTime nextAttemptAt;
  UUID leaseId;
  OffsetDateTime leaseUntil;
  boolean cancelPending;
  String lastError;
  OffsetDateTime failedAt;
  OffsetDateTime yellowAt;
  OffsetDateTime redAt;
  OffsetDateTime updatedAt;
  /** What earlier items of the case produced for this one (一次联办), set when it is released; null if none. */
  JsonObject inputs;
  final int limitDays;
  OffsetDateTime clockStoppedAt;
  int stoppedDays;
  /** While SUSPENDED: {procedure, until, note}. */
  JsonObject suspension;
  boolean dirty;

  ItemState(ItemRow r) {
    row = r;
    itemId = r.itemId();
    caseId = r.caseId();
    code = r.code();
    name = r.name();
    department = r.department();
    dependsOn = r.dependsOn();
    dueAt = r.dueAt();
    status = r.status();
    result = r.result();
    note = r.note();
    deliveryId = r.deliveryId();
    attempts = r.attempts();
    nextAttemptAt = r.nextAttemptAt();
    leaseId = r.leaseId();
    leaseUntil = r.leaseUntil();
    cancelPending = r.cancelPending();
    lastError = r.lastError();
    failedAt = r.failedAt();
    yellowAt = r.yellowAt();
    redAt = r.redAt();
    updatedAt = r.updatedAt();
    inputs = r.inputs();
    limitDays = r.limitDays();
    clockStoppedAt = r.clockStoppedAt();
    stoppedDays = r.stoppedDays();
    suspension = r.suspension();
  }

  /** The status the item had when this change began. */
  ItemStatus statusBefore() { return row.status(); }

  /** The item as it stands in this change. */
  public ItemRow toRow() {
    return new ItemRow(itemId, caseId, row.position(), code, name, department, status, dependsOn, dueAt, result, note, deliveryId,
        attempts, nextAttemptAt, leaseId, leaseUntil, cancelPending, lastError, failedAt, yellowAt, redAt, updatedAt, inputs, limitDays,
        clockStoppedAt, stoppedDays, suspension);
  }

  public UUID itemId() { return itemId; }
  public String code() { return code; }
  public String department() { return department; }
  public ItemStatus status() { return status; }

  /** Moves to {@code to}, refusing what the state machine does not allow. */
  void moveTo(ItemStatus to, OffsetDateTime at) {
    if (!status.canMoveTo(to)) throw DomainError.illegal("item " + itemId + " cannot go from " + status + " to " + to);
    status = to;
    updatedAt = at;
    leaseId = null;
    leaseUntil = null;
    dirty = true;
  }

  /** A fresh dispatch: a new webhook-id and a clean attempt count. */
  void requeue(OffsetDateTime at) {
    moveTo(ItemStatus.QUEUED, at);
    deliveryId = null;
    attempts = 0;
    nextAttemptAt = null;
    lastError = null;
    failedAt = null;
  }

  Tuple toUpdate() {
    return ItemRow.TABLE.updateArgs(toRow().values(), ItemRow.CHANGING);
  }
}
