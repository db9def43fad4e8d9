package onego.server.ratings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.Department;
import onego.domain.KnownPii;
import onego.domain.Pii;
import onego.domain.StaffMask;
import onego.domain.Times;
import onego.server.web.Caller;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The JSON of a complaint (openapi.yaml {@code Complaint}) as one caller may see it. Every reader is staff
 * (admin, the hotline, a department), so the {@code contact} is always masked ({@link StaffMask}: name to
 * its first character, phone to 3 + 4 digits) and the free texts ({@code content}, {@code rectification},
 * {@code reply}) are scanned for personal data with the contact's name known ({@link Pii#scrub}). A
 * 举报 ({@code kind: report}) shown to a department has neither {@code contact} nor {@code filedBy}: the
 * reporter is never shown there, not even masked (openapi.yaml, tag Supervision).
 */
public final class ComplaintView {
  /** What stands in a 举报's texts, for a department, where the reporter was named. */
  static final String HIDDEN = "[举报人信息已隐去]";

  private final Catalog catalog;
  private final ZoneId zone;

  public ComplaintView(Catalog catalog, ZoneId zone) {
    this.catalog = catalog;
    this.zone = zone;
  }

  /** {@code c} as {@code viewer} may see it. */
  public JsonObject render(ComplaintStore.Complaint c, Caller viewer) {
    boolean hideReporter = "report".equals(c.kind()) && viewer.is(Caller.Role.DEPARTMENT);
    KnownPii known = c.contact() == null ? KnownPii.NONE : KnownPii.of(c.contact(), null, null);
    JsonObject out = new JsonObject()
        .put("complaintId", c.complaintId().toString())
        .put("kind", c.kind())
        .put("source", c.source())
        .put("caseId", c.caseId() == null ? null : c.caseId().toString())
        .put("itemId", c.itemId() == null ? null : c.itemId().toString())
        .put("thing", c.thing())
        .put("channel", c.channel())
        .put("department", c.department())
        .put("departmentName", catalog.department(c.department()).map(Department::name).orElse(c.department()))
        .put("departments", new JsonArray().add(c.department()))
        .put("score", c.score())
        .put("content", text(c.content(), known, hideReporter, c.contact()))
        .put("comment", text(c.content(), known, hideReporter, c.contact()))
        .put("state", c.state().name())
        .put("status", c.state().name())
        .put("createdAt", time(c.createdAt()))
        .put("dueAt", time(c.dueAt()))
        .put("overdue", c.overdueAt() != null)
        .put("overdueAt", time(c.overdueAt()))
        .put("answeredAt", time(c.answeredAt()))
        .put("rectification", text(c.rectification(), known, hideReporter, c.contact()))
        .put("reply", text(c.reply(), known, hideReporter, c.contact()))
        .put("reopened", c.reopened())
        .put("updatedAt", time(c.updatedAt()));
    if (!hideReporter) {
      out.put("contact", c.contact() == null ? null : StaffMask.json(new JsonObject().put("contact", c.contact()), known).getJsonObject("contact"));
      out.put("filedBy", scrub(c.filedBy(), known));
    }
    return out;
  }

  /**
   * A free text scanned for personal data; for a department reading a 举报, the reporter's name and phone
   * (as written or as the scan masked them) are taken out altogether, so not even a masked trace is left.
   */
  private static String text(String text, KnownPii known, boolean hideReporter, JsonObject contact) {
    String out = scrub(text, known);
    if (out == null || !hideReporter || contact == null) return out;
    for (String key : new String[] {"name", "phone"}) {
      String v = contact.getString(key);
      if (v == null || v.isBlank()) continue;
      String masked = key.equals("name") ? Pii.name(v.strip()) : Pii.phone(v.strip());
      out = out.replace(v.strip(), HIDDEN);
      if (masked != null && masked.length() > 1) out = out.replace(masked, HIDDEN);
    }
    return out;
  }

  private static String scrub(String text, KnownPii known) {
    return text == null ? null : Pii.scrub(text, known);
  }

  private String time(OffsetDateTime t) {
    return t == null ? null : Times.format(Times.in(t, zone));
  }
}
