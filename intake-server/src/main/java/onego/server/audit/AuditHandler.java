package onego.server.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Times;
import onego.server.web.AuthHandler;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/audit?subject=&case=&actor=&action=&from=&to=&before=&limit=} and
 * {@code GET /admin/audit/verify?day=} (admin). {@code subject} is the clear ID number, credit
 * code or phone, matched by its hash; {@code from}/{@code to} are dates (whole days, Asia/Shanghai)
 * or RFC 3339 times; a bad parameter is 400 naming it (the route line in {@code ApiRoutes} declares them).
 */
public final class AuditHandler {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final AuditQueries queries;
  private final AuditVerifier verifier;
  private final ZoneId zone;

  public AuditHandler(AuditQueries queries, AuditVerifier verifier, ZoneId zone) {
    this.queries = queries;
    this.verifier = verifier;
    this.zone = zone;
  }

  public void search(RoutingContext ctx) {
    Request in = Request.of(ctx);
    String subject = in.text("subject");
    String actor = in.text("actor");
    UUID caseId = in.uuid("case");
    String action = in.text("action");
    OffsetDateTime from = time(in.get("from"), false);
    OffsetDateTime to = time(in.get("to"), true);
    AuditCursor before = in.get("before");
    LocalDate bd = before == null ? null : before.day();
    Integer bs = before == null ? null : before.seq();
    int limit = in.integer("limit");
    var caller = AuthHandler.caller(ctx);
    // an applicant named by ID number (applicant:<number>) is stored as applicant:<hash>
    boolean byNumber = actor != null && actor.startsWith(Actors.APPLICANT_PREFIX)
        && !HEX64.matcher(actor.substring(Actors.APPLICANT_PREFIX.length())).matches();
    Future<String> actorId = byNumber ? queries.applicantActor(actor.substring(Actors.APPLICANT_PREFIX.length())) : Future.succeededFuture(actor);
    actorId.compose(a -> queries.search(caller, new AuditQuery(subject, caseId, a, action, from, to, bd, bs, limit)))
        .onSuccess(page -> Responses.json(ctx, 200, new JsonObject()
            .put("entries", new JsonArray(page.entries().stream().map(this::entry).toList())).put("next", page.next())))
        .onFailure(ctx::fail);
  }

  public void verify(RoutingContext ctx) {
    verifier.verify(Request.of(ctx).get("day"))
        .onSuccess(v -> Responses.json(ctx, 200, verification(v)))
        .onFailure(ctx::fail);
  }

  /** openapi.yaml {@code AuditEntry}: a row of the trail, times in the calendar's zone. */
  private JsonObject entry(AuditRow r) {
    return new JsonObject()
        .put("day", r.day().toString())
        .put("seq", r.seq())
        .put("at", Times.format(Times.in(r.at(), zone)))
        .put("actor", new JsonObject().put("id", r.actorId()).put("role", r.actorRole()).put("unit", r.actorUnit()))
        .put("action", r.action())
        .put("subject", r.subject())
        .put("caseId", r.caseId() == null ? null : r.caseId().toString())
        .put("purpose", r.purpose())
        .put("detail", r.detail())
        .put("prevHash", r.prevHash())
        .put("hash", r.hash());
  }

  /**
   * openapi.yaml {@code AuditVerification}: {@code {"ok": true, "days": [{"day", "rows", "lastHash"}], "unsealed": {...}}} or
   * {@code {"ok": false, "broken": {"day", "seq", "reason"}, "days": [the days verified before], "unsealed": {...}}}
   * (ok false without {@code broken}: the chains hold but an unsealed row is overdue);
   * {@code unsealed}: {@code {"rows", "oldestAt" (null when none), "overdue", "mergeDelayMs"}}.
   */
  private JsonObject verification(AuditVerifier.Verification v) {
    JsonArray days = new JsonArray();
    v.days().forEach(d -> days.add(new JsonObject().put("day", d.day().toString()).put("rows", d.rows()).put("lastHash", d.lastHash())));
    JsonObject out = new JsonObject().put("ok", v.ok());
    if (v.broken() != null) {
      out.put("broken", new JsonObject().put("day", v.broken().day().toString()).put("seq", v.broken().seq()).put("reason", v.broken().reason()));
    }
    AuditBacklog.Unsealed u = v.unsealed();
    JsonObject unsealed = new JsonObject().put("rows", u.rows())
        .put("oldestAt", u.oldestAt() == null ? null : Times.format(Times.in(u.oldestAt(), zone)))
        .put("overdue", u.overdue()).put("mergeDelayMs", u.promise().toMillis());
    return out.put("days", days).put("unsealed", unsealed);
  }

  /** A date means its whole day: {@code from} its start, {@code to} the start of the next day. */
  private OffsetDateTime time(Temporal t, boolean end) {
    if (t instanceof LocalDate d) return (end ? d.plusDays(1) : d).atStartOfDay(zone).toOffsetDateTime();
    return (OffsetDateTime) t;
  }
}
