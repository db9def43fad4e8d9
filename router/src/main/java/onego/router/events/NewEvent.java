package onego.router.events;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** An event about to be appended; its {@code seq} and time are given by {@link EventLog}. */
public record NewEvent(String type, UUID itemId, String status, JsonObject data) {
  public static NewEvent ofCase(String type, String status, JsonObject data) {
    return new NewEvent(type, null, status, data);
  }

  /** An item event; {@code department} goes into the data so the event reaches {@code dept.<code>}. */
  public static NewEvent ofItem(String type, UUID itemId, String status, String department, JsonObject data) {
    return new NewEvent(type, itemId, status, data.copy().put("department", department));
  }
}
