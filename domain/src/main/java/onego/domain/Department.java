package onego.domain;

import io.vertx.core.json.JsonObject;

/** A department (or public utility) that handles items. {@code dispatchMode} is {@code push} or {@code pull}. */
public record Department(String code, String name, String dispatchMode) {
  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("name", name).put("dispatchMode", dispatchMode);
  }
}
