package onego.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** One of the 26 scenario themes of the plan. */
public record Theme(String code, String name, Lifecycle lifecycle, List<String> leadDepartments, List<String> things) {
  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("name", name).put("lifecycle", lifecycle.code())
        .put("leadDepartments", new JsonArray(leadDepartments)).put("things", new JsonArray(things));
  }
}
