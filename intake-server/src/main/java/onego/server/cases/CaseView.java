package onego.server.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.KnownPii;
import onego.domain.StaffMask;
import onego.domain.Thing;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.server.web.CaseLinks;

import java.time.ZoneId;
import java.util.function.UnaryOperator;

/** The JSON of a case: the full view for those entitled to it, and the masked view for the hotline. */
public final class CaseView {
  private final Catalog catalog;
  private final ZoneId zone;
  private final WorkingCalendar calendar;

  /** {@code calendar}: its zone for times, and what marks a due date provisional. */
  public CaseView(Catalog catalog, WorkingCalendar calendar) {
    this.catalog = catalog;
    this.zone = calendar.zone();
    this.calendar = calendar;
  }

  public JsonObject full(CaseRecord c) {
    return base(c, UnaryOperator.identity())
        .put("view", "full")
        .put("applicant", c.applicant())
        .put("form", c.form())
        .put("materials", c.materials())
        .put("commitments", c.commitments())
        .put("delivery", c.delivery())
        .put("agent", c.agent())
        .put("prerequisites", c.prerequisites())
        .put("results", c.results());
  }

  /**
   * What a hotline operator may see, by the one policy ({@link StaffMask}): applicant and delivery
   * masked (address to province/city), the agent masked alike, item results masked and scanned for the case's own names and
   * addresses, no form, materials or results delivery.
   */
  public JsonObject masked(CaseRecord c) {
    KnownPii known = c.known();
    return base(c, result -> StaffMask.json(result, known))
        .put("view", "masked")
        .put("applicant", StaffMask.applicant(c.applicant()))
        .put("agent", StaffMask.agent(c.agent()))
        .put("delivery", StaffMask.delivery(c.delivery()));
  }

  private JsonObject base(CaseRecord c, UnaryOperator<JsonObject> results) {
    JsonArray items = new JsonArray();
    for (CaseRecord.ItemRecord i : c.items()) {
      items.add(new JsonObject()
          .put("itemId", i.itemId().toString())
          .put("code", i.code())
          .put("name", i.name())
          .put("department", i.department())
          .put("status", i.status())
          .put("dueAt", Times.format(Times.in(i.dueAt(), zone)))
          .put("dueAtProvisional", calendar.provisional(i.dueAt()))
          .put("updatedAt", Times.format(Times.in(i.updatedAt(), zone)))
          .put("result", i.result() == null ? null : results.apply(i.result())));
    }
    return new JsonObject()
        .put("caseId", c.caseId().toString())
        .put("thing", c.thing())
        .put("thingName", catalog.thing(c.thing()).map(Thing::name).orElse(c.thing()))
        .put("status", c.status())
        .put("channel", c.channel())
        .put("createdAt", Times.format(Times.in(c.createdAt(), zone)))
        .put("updatedAt", Times.format(Times.in(c.updatedAt(), zone)))
        .put("items", items)
        .put("links", CaseLinks.of(c.caseId()));
  }
}
