package onego.server.caseapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.KnownPii;
import onego.domain.Material;
import onego.domain.StaffMask;
import onego.domain.Thing;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.cases.CaseReads.CaseFile;
import onego.router.cases.CaseRow;
import onego.router.cases.ItemAnswer;
import onego.router.cases.ItemRow;
import onego.router.cases.ObligationRow;
import onego.server.web.CaseLinks;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The JSON of a case and its items (openapi.yaml {@code Case}, {@code Item}):
 * the full view for those entitled to it, the masked view for the hotline, and an item as a department's report or an applicant's supplement answers it. Times are in the
 * calendar's zone; {@code dueAtProvisional} marks a due date past the configured calendar
 * (counted with the statutory holidays only). Each item shows its {@code clock} at the time of
 * asking ({@link onego.domain.ItemClock}: running or stopped, used, limit and stopped working days)
 * and, while SUSPENDED, its {@code suspension} {procedure, until}; while RETURNED, its {@code missing} list
 * (what the department asked for, 一次性告知).
 */
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

  /** The full view with the locker's pickup code: for the applicant and the channel that filed the case. */
  public JsonObject full(CaseFile f) {
    return full(f, true);
  }

  /**
   * The full view; {@code withPickupCode} false for staff who are entitled to the case but not to open
   * its locker (admin): {@code delivery.pickupCode} is then absent.
   */
  public JsonObject full(CaseFile f, boolean withPickupCode) {
    CaseRow c = f.kase();
    var r = f.results();
    JsonObject results = r == null ? null : new JsonObject().put("outcome", r.outcome()).put("method", r.method())
        .put("address", r.address()).put("certificates", revokedMarked(f)).put("values", r.values());
    return base(f, UnaryOperator.identity())
        .put("view", "full")
        .put("applicant", c.applicant())
        .put("form", c.form())
        .put("materials", c.materials())
        .put("commitments", c.commitments())
        .put("delivery", delivery(c.delivery(), f, withPickupCode))
        .put("agent", c.agent())
        .put("prerequisites", c.prerequisites())
        .put("results", results);
  }

  /**
   * openapi.yaml {@code CaseDelivery}: the delivery as chosen at intake and, once the case ended (一次送达),
   * its {@code status}, {@code waybill} (EMS), {@code pickupCode} (locker; only when {@code withPickupCode}),
   * {@code deliveredAt} and {@code signedAt}.
   */
  private JsonObject delivery(JsonObject chosen, CaseFile f, boolean withPickupCode) {
    if (chosen == null) return null;
    JsonObject out = chosen.copy();
    var r = f.results();
    if (r == null) return out;
    out.put("status", r.status()).put("deliveredAt", time(r.deliveredAt()));
    if (r.waybill() != null) out.put("waybill", r.waybill());
    if (r.signedAt() != null) out.put("signedAt", time(r.signedAt()));
    if (withPickupCode && r.pickupCode() != null) out.put("pickupCode", r.pickupCode());
    return out;
  }

  /**
   * What a hotline operator may see, by the one policy ({@link StaffMask}): applicant and delivery
   * masked (address to province/city), the agent masked alike, item results and a {@code missing} list's reasons masked and
   * scanned for the case's own names and addresses, no form, materials or results delivery; the
   * delivery's status and waybill shown (to answer "where is my parcel"), never a locker's pickup code.
   */
  public JsonObject masked(CaseFile f) {
    CaseRow c = f.kase();
    KnownPii known = c.known();
    return base(f, result -> StaffMask.json(result, known))
        .put("view", "masked")
        .put("applicant", StaffMask.applicant(c.applicant()))
        .put("agent", StaffMask.agent(c.agent()))
        .put("delivery", StaffMask.delivery(delivery(c.delivery(), f, false)));
  }

  /** {@code mask}: what the reader may see of a department's texts (an item's result, its {@code missing} reasons). */
  private JsonObject base(CaseFile f, UnaryOperator<JsonObject> mask) {
    CaseRow c = f.kase();
    OffsetDateTime now = Times.now(zone);
    JsonArray items = new JsonArray();
    for (ItemRow i : f.items()) {
      items.add(itemHead(i, now)
          .put("suspension", i.currentSuspension() == null ? null : new JsonObject().put("procedure", i.currentSuspension().getString("procedure"))
              .put("until", i.currentSuspension().getString("until")))
          .put("missing", each(i.missing(), mask))
          .put("result", i.result() == null ? null : mask.apply(i.result())));
    }
    return caseHead(c)
        .put("items", items)
        .put("owed", followUps(f.obligations(), ObligationRow.WAIVER))
        .put("commitmentChecks", followUps(f.obligations(), ObligationRow.COMMITMENT))
        .put("links", CaseLinks.of(c.caseId()));
  }

  /** What every view shows of the case itself: ids, thing, status, channel, region, times. */
  private JsonObject caseHead(CaseRow c) {
    return new JsonObject()
        .put("caseId", c.caseId().toString())
        .put("thing", c.thing())
        .put("thingName", catalog.thing(c.thing()).map(Thing::name).orElse(c.thing()))
        .put("status", c.status().name())
        .put("channel", c.channel())
        .put("region", region(c))
        .put("regionName", catalog.regions().name(region(c)))
        .put("createdAt", time(c.createdAt()))
        .put("updatedAt", time(c.updatedAt()));
  }

  /** What every view shows of an item: ids, department, status, due date and its clock at {@code now}. */
  private JsonObject itemHead(ItemRow i, OffsetDateTime now) {
    return new JsonObject()
        .put("itemId", i.itemId().toString())
        .put("code", i.code())
        .put("name", i.name())
        .put("department", i.department())
        .put("status", i.status().name())
        .put("dueAt", time(i.dueAt()))
        .put("dueAtProvisional", calendar.provisional(i.dueAt()))
        .put("updatedAt", time(i.updatedAt()))
        .put("clock", i.clock(calendar, now).toJson());
  }

  /** The case's region; a case filed before regions existed is the city's. */
  private String region(CaseRow c) {
    return c.region() == null ? catalog.regions().city() : c.region();
  }

  /**
   * A case as a department of it, or its lead department (牵头单位, 国办 五(二)), sees it as a whole
   * (国办 三(四): 同步获取受理信息和有关部门的办理信息; openapi.yaml {@code DepartmentCase}): the case's
   * id, thing, status and times, and every item's id, code, name, department, status, {@code dueAt}
   * and clock. Only {@code department}'s own items add their {@code result} and {@code missing}
   * list; no form data, materials or other departments' results. The applicant is shown as on the
   * department's work message when it has an item in the case ({@code involved}); a lead
   * department without an item of its own gets no work message and sees the applicant masked.
   */
  public JsonObject forDepartment(CaseFile f, String department, boolean involved, boolean lead) {
    CaseRow c = f.kase();
    OffsetDateTime now = Times.now(zone);
    JsonArray items = new JsonArray();
    for (ItemRow i : f.items()) {
      JsonObject item = itemHead(i, now);
      if (department.equals(i.department())) item.put("missing", i.missing()).put("result", i.result());
      items.add(item);
    }
    return caseHead(c)
        .put("lead", lead)
        .put("applicant", involved ? c.applicant() : StaffMask.applicant(c.applicant()))
        .put("items", items);
  }

  private static JsonArray each(JsonArray entries, UnaryOperator<JsonObject> mask) {
    if (entries == null) return null;
    JsonArray out = new JsonArray();
    entries.forEach(e -> out.add(e instanceof JsonObject o ? mask.apply(o) : e));
    return out;
  }

  /** One item as a department's status report, a dead-letter replay or a supplement answers it. */
  public JsonObject item(ItemAnswer i) {
    return new JsonObject()
        .put("itemId", i.itemId().toString())
        .put("caseId", i.caseId().toString())
        .put("code", i.code())
        .put("name", i.name())
        .put("department", i.department())
        .put("status", i.status().name())
        .put("dueAt", time(i.dueAt()))
        .put("dueAtProvisional", calendar.provisional(i.dueAt()))
        .put("updatedAt", time(i.updatedAt()))
        .put("note", i.note())
        .put("clock", i.clock() == null ? null : i.clock().toJson())
        .put("result", i.result());
  }

  /** A stored time as the API writes it: ISO-8601 in the calendar's zone; null stays null. */
  /**
   * openapi.yaml {@code Obligation}: the case's 容缺 ({@code waiver}: state OWED, SUPPLIED, OVERDUE) or
   * 告知承诺 ({@code commitment}: PENDING, CONFIRMED, FALSE) follow-ups, each {material, name, items, dueAt, state}.
   */
  public JsonArray followUps(List<ObligationRow> obligations, String kind) {
    JsonArray out = new JsonArray();
    for (ObligationRow o : obligations) {
      if (!o.kind().equals(kind)) continue;
      Material m = catalog.material(o.material());
      out.add(new JsonObject().put("material", o.material()).put("name", m == null ? o.material() : m.name())
          .put("items", new JsonArray(o.items())).put("dueAt", time(o.dueAt())).put("state", o.state()));
    }
    return out;
  }

  /** The delivered certificates, those of a REVOKED item marked {@code revoked: true}. */
  private static JsonArray revokedMarked(CaseFile f) {
    java.util.Set<String> revoked = new java.util.HashSet<>();
    f.items().stream().filter(i -> i.status() == onego.domain.ItemStatus.REVOKED).forEach(i -> revoked.add(i.code()));
    if (revoked.isEmpty()) return f.results().certificates();
    JsonArray out = new JsonArray();
    f.results().certificates().forEach(c -> {
      JsonObject cert = ((JsonObject) c).copy();
      if (revoked.contains(cert.getString("item"))) cert.put("revoked", true);
      out.add(cert);
    });
    return out;
  }

  public String time(OffsetDateTime t) {
    if (t == null) return null;
    return Times.format(Times.in(t, zone));
  }
}
