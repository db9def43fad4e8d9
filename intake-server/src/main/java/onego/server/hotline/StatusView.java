package onego.server.hotline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the hotline knows about one case, already masked: this is what Redis holds, so Redis never
 * holds a clear name, ID number or phone ({@code agent}: who filed for the applicant, masked, or null). {@code lastSeq} orders versions of one case's view.
 */
public record StatusView(UUID caseId, String thing, String thingName, String status, int lastSeq, String deliveryMethod,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt, JsonObject applicant, JsonObject agent, List<Item> items) {

  /**
   * One item; {@code note} is the department's latest note, masked by the policy ({@link onego.domain.Pii#scrub});
   * {@code procedure} and {@code until} (YYYY-MM-DD) the special procedure while SUSPENDED, else null.
   */
  public record Item(String code, String name, String department, String departmentName, String status,
                     OffsetDateTime dueAt, String note, String procedure, String until) {}

  public JsonObject toJson() {
    JsonArray its = new JsonArray();
    for (Item i : items) {
      its.add(new JsonObject().put("code", i.code()).put("name", i.name()).put("department", i.department())
          .put("departmentName", i.departmentName()).put("status", i.status()).put("dueAt", i.dueAt().toString())
          .put("note", i.note()).put("procedure", i.procedure()).put("until", i.until()));
    }
    return new JsonObject().put("caseId", caseId.toString()).put("thing", thing).put("thingName", thingName)
        .put("status", status).put("lastSeq", lastSeq).put("deliveryMethod", deliveryMethod)
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString())
        .put("applicant", applicant).put("agent", agent).put("items", its);
  }

  public static StatusView fromJson(JsonObject j) {
    List<Item> items = j.getJsonArray("items").stream().map(o -> (JsonObject) o).map(i -> new Item(i.getString("code"),
        i.getString("name"), i.getString("department"), i.getString("departmentName"), i.getString("status"),
        OffsetDateTime.parse(i.getString("dueAt")), i.getString("note"), i.getString("procedure"), i.getString("until"))).toList();
    return new StatusView(UUID.fromString(j.getString("caseId")), j.getString("thing"), j.getString("thingName"),
        j.getString("status"), j.getInteger("lastSeq"), j.getString("deliveryMethod"), OffsetDateTime.parse(j.getString("createdAt")),
        OffsetDateTime.parse(j.getString("updatedAt")), j.getJsonObject("applicant"), j.getJsonObject("agent"), items);
  }
}
