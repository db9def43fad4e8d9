package onego.domain;

import io.vertx.core.json.JsonObject;

/** One failing field of a request: {@code form.babyName} is {@code required}. */
public record FieldError(String field, String reason) {
  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("reason", reason);
  }
}
