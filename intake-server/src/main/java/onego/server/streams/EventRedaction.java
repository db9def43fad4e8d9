package onego.server.streams;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Pii;
import onego.server.web.Caller;

import java.util.function.UnaryOperator;

/**
 * What a caller may see of an event. Events carry no applicant fields by design (thing, channel,
 * item codes, department, status, notes, certificate numbers); for the hotline every string in
 * {@code data} still passes through the ID-number and mobile-number mask, since a department's
 * free-text note may quote one.
 */
public final class EventRedaction {
  private EventRedaction() {}

  public static UnaryOperator<JsonObject> forCaller(Caller caller) {
    return caller.is(Caller.Role.HOTLINE) ? EventRedaction::masked : UnaryOperator.identity();
  }

  public static JsonObject masked(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    return data == null ? event : event.copy().put("data", scrub(data));
  }

  private static JsonObject scrub(JsonObject o) {
    JsonObject out = new JsonObject();
    o.forEach(e -> out.put(e.getKey(), scrubValue(e.getValue())));
    return out;
  }

  private static Object scrubValue(Object v) {
    if (v instanceof String s) return Pii.scrub(s);
    if (v instanceof JsonObject o) return scrub(o);
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(x -> out.add(scrubValue(x)));
      return out;
    }
    return v;
  }
}
