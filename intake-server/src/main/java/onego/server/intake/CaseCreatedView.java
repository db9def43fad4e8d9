package onego.server.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.cases.CaseRow;
import onego.router.cases.ItemRow;
import onego.router.cases.NewCase;
import onego.server.web.CaseLinks;

/**
 * The 201 body of {@code POST /cases} (openapi.yaml {@code CaseCreated}): the case as opened, each
 * item with its first status and due date, {@code dueAtProvisional} when the due date lies past the
 * configured calendar (counted with the statutory holidays only). Times in the calendar's zone.
 */
public final class CaseCreatedView {
  private final WorkingCalendar calendar;

  public CaseCreatedView(WorkingCalendar calendar) {
    this.calendar = calendar;
  }

  public JsonObject of(NewCase n) {
    CaseRow c = n.kase();
    JsonArray items = new JsonArray();
    for (ItemRow it : n.items()) {
      items.add(new JsonObject().put("itemId", it.itemId().toString()).put("code", it.code()).put("name", it.name())
          .put("department", it.department()).put("status", it.status().name()).put("dueAt", time(it.dueAt()))
          .put("dueAtProvisional", calendar.provisional(it.dueAt())));
    }
    return new JsonObject()
        .put("caseId", c.caseId().toString())
        .put("thing", c.thing())
        .put("status", c.status().name())
        .put("channel", c.channel())
        .put("region", c.region())
        .put("createdAt", time(c.createdAt()))
        .put("items", items)
        .put("owed", owed(n))
        .put("links", CaseLinks.of(c.caseId()));
  }

  /** The materials accepted under 容缺, each {material, items, dueAt, state: OWED} (the receipt lists them with their due dates). */
  private JsonArray owed(NewCase n) {
    JsonArray out = new JsonArray();
    for (var o : n.obligations()) {
      if (!o.kind().equals(onego.router.cases.ObligationRow.WAIVER)) continue;
      out.add(new JsonObject().put("material", o.material()).put("items", new JsonArray(o.items())).put("dueAt", time(o.dueAt()))
          .put("state", o.state()));
    }
    return out;
  }

  private String time(java.time.OffsetDateTime t) {
    return Times.format(Times.in(t, calendar.zone()));
  }
}
