package onego.router.cases;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import onego.domain.ItemClock;
import onego.domain.ItemStatus;
import onego.domain.WorkingCalendar;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static onego.router.cases.Table.Type.BOOL;
import static onego.router.cases.Table.Type.INT;
import static onego.router.cases.Table.Type.JSONB;
import static onego.router.cases.Table.Type.TEXT;
import static onego.router.cases.Table.Type.TEXT_ARRAY;
import static onego.router.cases.Table.Type.TIMESTAMPTZ;
import static onego.router.cases.Table.col;

/**
 * One row of {@code case_items}: one department's part of a case, with its dispatch state (lease,
 * attempts, webhook-id) and its deadline cards, as every read and write of the table sees it.
 *
 * @param dependsOn    codes of the case's items this one waits for (一次联办)
 * @param dueAt        the deadline from the working-day calendar
 * @param deliveryId   the webhook-id of the current dispatch (the same on every retry), or null
 * @param attempts     delivery attempts of the current dispatch
 * @param leaseId      the router or pulling department holding the item, or null; void after {@code leaseUntil}
 * @param cancelPending the department must still be told of a withdrawal
 * @param yellowAt     when ItemDueSoon was raised, or null; {@code redAt} likewise for ItemOverdue
 * @param inputs       what earlier items produced for this one ({values, certificates}), set when it is released; or null
 * @param limitDays    the item's timeLimitDays (working days), what {@code dueAt} counts from release
 * @param clockStoppedAt when the current stop of the clock (RETURNED, SUSPENDED) began, or null ({@link onego.domain.ItemClock})
 * @param stoppedDays  working days of the clock's finished stops ({@code dueAt} has moved by them)
 * @param suspension   what the current stop of the clock is about (column {@code suspension}): while SUSPENDED
 *                     {procedure, until (YYYY-MM-DD), note}; while RETURNED with a missing list {missing: [{material | field, reason}]};
 *                     else null (cleared when the clock runs again)
 */
public record ItemRow(
    UUID itemId,
    UUID caseId,
    int position,
    String code,
    String name,
    String department,
    ItemStatus status,
    List<String> dependsOn,
    OffsetDateTime dueAt,
    JsonObject result,
    String note,
    UUID deliveryId,
    int attempts,
    OffsetDateTime nextAttemptAt,
    UUID leaseId,
    OffsetDateTime leaseUntil,
    boolean cancelPending,
    String lastError,
    OffsetDateTime failedAt,
    OffsetDateTime yellowAt,
    OffsetDateTime redAt,
    OffsetDateTime updatedAt,
    JsonObject inputs,
    int limitDays,
    OffsetDateTime clockStoppedAt,
    int stoppedDays,
    JsonObject suspension) {

  /** The table, its columns in the order of this record's components. */
  static final Table TABLE = new Table("case_items", List.of(
      col("item_id", Table.Type.UUID), col("case_id", Table.Type.UUID), col("position", INT), col("code", TEXT), col("name", TEXT),
      col("department", TEXT), col("status", TEXT), col("depends_on", TEXT_ARRAY), col("due_at", TIMESTAMPTZ), col("result", JSONB),
      col("note", TEXT), col("delivery_id", Table.Type.UUID), col("attempts", INT), col("next_attempt_at", TIMESTAMPTZ),
      col("lease_id", Table.Type.UUID), col("lease_until", TIMESTAMPTZ), col("cancel_pending", BOOL), col("last_error", TEXT),
      col("failed_at", TIMESTAMPTZ), col("yellow_at", TIMESTAMPTZ), col("red_at", TIMESTAMPTZ), col("updated_at", TIMESTAMPTZ),
      col("inputs", JSONB), col("limit_days", INT), col("clock_stopped_at", TIMESTAMPTZ), col("stopped_days", INT),
      col("suspension", JSONB)));

  /**
   * What a new item is inserted as: {@link #TABLE}'s columns and {@code region}, its case's (dispatch per
   * region, 就近办), written here rather than looked up per row by the database.
   */
  static final Table NEW = TABLE.plus(col("region", TEXT));

  /** What a change of an item may write: everything but its identity, place and plan. */
  static final List<String> CHANGING = List.of("status", "result", "note", "delivery_id", "attempts", "next_attempt_at", "lease_id",
      "lease_until", "cancel_pending", "last_error", "failed_at", "yellow_at", "red_at", "updated_at", "inputs", "due_at", "clock_stopped_at", "stopped_days",
      "suspension");

  /** The row read from {@code r}, whose columns from {@code first} on are {@link #TABLE}'s, in order. */
  static ItemRow from(Row r, int first) {
    int k = first;
    return new ItemRow(r.getUUID(k++), r.getUUID(k++), r.getInteger(k++), r.getString(k++), r.getString(k++), r.getString(k++),
        ItemStatus.valueOf(r.getString(k++)), Table.strings(r, k++), r.getOffsetDateTime(k++), r.getJsonObject(k++), r.getString(k++),
        r.getUUID(k++), r.getInteger(k++), r.getOffsetDateTime(k++), r.getUUID(k++), r.getOffsetDateTime(k++), r.getBoolean(k++),
        r.getString(k++), r.getOffsetDateTime(k++), r.getOffsetDateTime(k++), r.getOffsetDateTime(k++), r.getOffsetDateTime(k++),
        r.getJsonObject(k++), r.getInteger(k++), r.getOffsetDateTime(k++), r.getInteger(k++), r.getJsonObject(k));
  }

  Object[] values() {
    return new Object[] {itemId, caseId, position, code, name, department, status.name(), dependsOn, dueAt, result, note, deliveryId,
        attempts, nextAttemptAt, leaseId, leaseUntil, cancelPending, lastError, failedAt, yellowAt, redAt, updatedAt, inputs, limitDays,
        clockStoppedAt, stoppedDays, suspension};
  }

  /** {@link #NEW}'s values: this row's, then {@code region} (null: the city's, as for the case). */
  Object[] newValues(String region) {
    Object[] own = values();
    Object[] out = java.util.Arrays.copyOf(own, own.length + 1);
    out[own.length] = region;
    return out;
  }

  /** A new item of {@code limitDays} working days: no result, no dispatch yet, no cards, its clock never stopped. */
  static ItemRow opened(UUID itemId, UUID caseId, int position, String code, String name, String department, ItemStatus status,
                        List<String> dependsOn, OffsetDateTime dueAt, int limitDays, OffsetDateTime at) {
    return new ItemRow(itemId, caseId, position, code, name, department, status, List.copyOf(dependsOn), dueAt, null, null, null, 0,
        null, null, null, false, null, null, null, null, at, null, limitDays, null, 0, null);
  }

  /** While SUSPENDED, its suspension {procedure, until, note}; else null. */
  public JsonObject currentSuspension() {
    return status == ItemStatus.SUSPENDED ? suspension : null;
  }

  /** While RETURNED for 补正, what its department listed as missing ([{material | field, reason}]), else null. */
  public io.vertx.core.json.JsonArray missing() {
    return status == ItemStatus.RETURNED && suspension != null ? suspension.getJsonArray("missing") : null;
  }

  /** The facts its {@link ItemClock} is computed from. */
  public ItemClock.Facts clockFacts() {
    String until = suspension == null ? null : suspension.getString("until");
    return new ItemClock.Facts(status, limitDays, dueAt, clockStoppedAt, stoppedDays, until == null ? null : LocalDate.parse(until), updatedAt);
  }

  /** Its clock at {@code now} on {@code calendar}. */
  public ItemClock clock(WorkingCalendar calendar, OffsetDateTime now) {
    return ItemClock.of(clockFacts(), calendar, now);
  }
}
