package onego.server.streams;

import io.vertx.core.json.JsonObject;
import onego.domain.KnownPii;
import onego.domain.StaffMask;
import onego.router.cases.CaseRow;
import onego.server.web.Caller;

import java.util.function.UnaryOperator;

/**
 * What a caller may see of an event, the same for JSON, SSE and WebSocket. Events carry no
 * applicant fields by design, but their {@code data} holds department notes, results (certificate
 * numbers, ecertRefs, values) and the delivery address; for the hotline it goes through the one
 * masking policy ({@link StaffMask#event}), with the case's own names and addresses looked for too.
 */
public final class EventRedaction {
  private EventRedaction() {}

  /**
   * Identity for the applicant and channels; for admin, a locker's {@code pickupCode} (ResultsDelivered)
   * removed; for the hotline, the policy with the names and addresses of {@code kase}.
   */
  public static UnaryOperator<JsonObject> forCaller(Caller caller, CaseRow kase) {
    if (caller.is(Caller.Role.ADMIN)) return EventRedaction::withoutPickupCode;
    if (!caller.is(Caller.Role.HOTLINE)) return UnaryOperator.identity();
    KnownPii known = kase == null ? KnownPii.NONE : kase.known();
    return event -> StaffMask.event(event, known);
  }

  /** As {@link #forCaller(Caller, CaseRow)} without a case: the pattern scan only. */
  public static UnaryOperator<JsonObject> forCaller(Caller caller) {
    return forCaller(caller, null);
  }

  private static JsonObject withoutPickupCode(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    if (data == null || !data.containsKey("pickupCode")) return event;
    JsonObject copy = event.copy();
    copy.getJsonObject("data").remove("pickupCode");
    return copy;
  }
}
