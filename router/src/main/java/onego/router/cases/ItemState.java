package onego.router.cases;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.DomainError;
import onego.domain.ItemStatus;
import onego.domain.Times;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One item as a flow transaction reads it and changes it; written back once at the end if dirty. */
public final class ItemState {
  static final String COLUMNS = """
      item_id, case_id, position, code, name, department, status, depends_on, due_at, result, note, delivery_id,
      attempts, next_attempt_at, lease_id, lease_until, cancel_pending, last_error, failed_at, updated_at, inputs""";
  static final String UPDATE = """
      UPDATE case_items SET status = $2, result = $3, note = $4, delivery_id = $5, attempts = $6, next_attempt_at = $7,
        lease_id = $8, lease_until = $9, cancel_pending = $10, last_error = $11, failed_at = $12, updated_at = $13,
        inputs = $14
      WHERE item_id = $1""";

  final UUID itemId;
  final UUID caseId;
  final int position;
  final String code;
  final String name;
  final String department;
  final List<String> dependsOn;
  final OffsetDateTime dueAt;
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
  OffsetDateTime updatedAt;
  /** What earlier items of the case produced for this one (一次联办), set when it is released; null if none. */
  JsonObject inputs;
  boolean dirty;

  ItemState(Row r) {
    itemId = r.getUUID("item_id");
    caseId = r.getUUID("case_id");
    position = r.getInteger("position");
    code = r.getString("code");
    name = r.getString("name");
    department = r.getString("department");
    status = ItemStatus.valueOf(r.getString("status"));
    dependsOn = Arrays.asList(r.getArrayOfStrings("depends_on"));
    dueAt = r.getOffsetDateTime("due_at");
    result = r.getJsonObject("result");
    note = r.getString("note");
    deliveryId = r.getUUID("delivery_id");
    attempts = r.getInteger("attempts");
    nextAttemptAt = r.getOffsetDateTime("next_attempt_at");
    leaseId = r.getUUID("lease_id");
    leaseUntil = r.getOffsetDateTime("lease_until");
    cancelPending = r.getBoolean("cancel_pending");
    lastError = r.getString("last_error");
    failedAt = r.getOffsetDateTime("failed_at");
    updatedAt = r.getOffsetDateTime("updated_at");
    inputs = r.getJsonObject("inputs");
  }

  public UUID itemId() { return itemId; }
  public UUID caseId() { return caseId; }
  public String code() { return code; }
  public String name() { return name; }
  public String department() { return department; }
  public ItemStatus status() { return status; }
  public JsonObject result() { return result; }
  public String note() { return note; }
  public UUID deliveryId() { return deliveryId; }
  public int attempts() { return attempts; }
  public OffsetDateTime dueAt() { return dueAt; }
  public OffsetDateTime updatedAt() { return updatedAt; }
  public JsonObject inputs() { return inputs; }

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
    return Tuple.from(new Object[] {itemId, status.name(), result, note, deliveryId, attempts, nextAttemptAt, leaseId,
        leaseUntil, cancelPending, lastError, failedAt, updatedAt, inputs});
  }

  /**
   * The item as the department and case APIs show it; {@code dueAtProvisional} when its due date
   * lies past the configured working-day calendar (counted with the statutory holidays only).
   */
  public JsonObject toJson(onego.domain.WorkingCalendar calendar) {
    java.time.ZoneId zone = calendar.zone();
    return new JsonObject()
        .put("itemId", itemId.toString())
        .put("caseId", caseId.toString())
        .put("code", code)
        .put("name", name)
        .put("department", department)
        .put("status", status.name())
        .put("dueAt", Times.format(Times.in(dueAt, zone)))
        .put("dueAtProvisional", calendar.provisional(dueAt))
        .put("updatedAt", Times.format(Times.in(updatedAt, zone)))
        .put("note", note)
        .put("result", result);
  }
}
