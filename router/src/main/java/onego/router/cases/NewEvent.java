package onego.router.cases;

import io.vertx.core.json.JsonObject;
import onego.domain.EventType;

import java.util.UUID;

/** An event about to be appended to a case's log; its {@code seq} and time are given by {@link CaseLog}. */
public record NewEvent(EventType type, UUID itemId, String status, JsonObject data) {
  public static NewEvent ofCase(EventType type, String status, JsonObject data) {
    return new NewEvent(type, null, status, data);
  }

  /** An item event; {@code department} goes into the data so the event reaches {@code dept.<code>}. */
  public static NewEvent ofItem(EventType type, UUID itemId, String status, String department, JsonObject data) {
    return new NewEvent(type, itemId, status, data.copy().put("department", department));
  }
}
