package onego.domain;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One entry of a case's progress log; {@code seq} is 1, 2, 3, ... per case without gaps. */
public record ProgressEvent(UUID caseId, int seq, String type, UUID itemId, String status, OffsetDateTime at, JsonObject data) {
  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("seq", seq).put("caseId", caseId.toString()).put("type", type);
    if (itemId != null) j.put("itemId", itemId.toString());
    if (status != null) j.put("status", status);
    return j.put("at", Times.format(at)).put("data", data);
  }
}
