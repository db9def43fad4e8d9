package onego.server.web;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The links every case representation carries. */
public final class CaseLinks {
  public static final String BASE = "/api/v1";

  private CaseLinks() {}

  public static String self(Object caseId) { return BASE + "/cases/" + caseId; }

  public static JsonObject of(UUID caseId) {
    return new JsonObject()
        .put("self", self(caseId))
        .put("events", self(caseId) + "/events")
        .put("ws", BASE + "/ws");
  }
}
