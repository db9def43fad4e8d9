package onego.router.cases;

import io.vertx.core.json.JsonObject;
import onego.domain.ItemClock;
import onego.domain.ItemStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An item as a change of it answers (a department's status report, a dead-letter replay, a
 * supplement): its identity, status, due date, last change, the department's note and result. A
 * department's report under an {@code eventId} keeps its answer in {@code department_callbacks}
 * ({@link #stored}), so that a repeat answers exactly what the first report was answered.
 */
public record ItemAnswer(UUID itemId, UUID caseId, String code, String name, String department, ItemStatus status,
                         OffsetDateTime dueAt, OffsetDateTime updatedAt, String note, JsonObject result, ItemClock clock) {

  /** {@code clock}: the item's clock at the time of the change (null in answers stored before clocks existed). */
  static ItemAnswer of(ItemRow i, ItemClock clock) {
    return new ItemAnswer(i.itemId(), i.caseId(), i.code(), i.name(), i.department(), i.status(), i.dueAt(), i.updatedAt(), i.note(),
        i.result(), clock);
  }

  /** As {@code department_callbacks.response} keeps it (times ISO-8601 with their offsets). */
  JsonObject stored() {
    return new JsonObject().put("itemId", itemId.toString()).put("caseId", caseId.toString()).put("code", code).put("name", name)
        .put("department", department).put("status", status.name()).put("dueAt", dueAt.toString()).put("updatedAt", updatedAt.toString())
        .put("note", note).put("result", result).put("clock", clock == null ? null : clock.toJson());
  }

  /** {@link #stored} read back (also the answers stored before this record existed, which carry the same fields). */
  static ItemAnswer fromStored(JsonObject j) {
    return new ItemAnswer(UUID.fromString(j.getString("itemId")), UUID.fromString(j.getString("caseId")), j.getString("code"),
        j.getString("name"), j.getString("department"), ItemStatus.valueOf(j.getString("status")), OffsetDateTime.parse(j.getString("dueAt")),
        OffsetDateTime.parse(j.getString("updatedAt")), j.getString("note"), j.getJsonObject("result"), clock(j.getJsonObject("clock")));
  }

  private static ItemClock clock(JsonObject c) {
    if (c == null) return null;
    return new ItemClock("running".equals(c.getString("state")), c.getInteger("usedDays"), c.getInteger("limitDays"), c.getInteger("stoppedDays"));
  }
}
