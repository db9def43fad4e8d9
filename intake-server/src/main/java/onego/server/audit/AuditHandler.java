package onego.server.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.Times;
import onego.server.web.AuthHandler;
import onego.server.web.Params;
import onego.server.web.Responses;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/audit?subject=&case=&actor=&action=&from=&to=&before=&limit=} and
 * {@code GET /admin/audit/verify?day=} (admin). {@code subject} is the clear ID number, credit
 * code or phone, matched by its hash; {@code from}/{@code to} are dates (whole days, Asia/Shanghai)
 * or RFC 3339 times; a bad parameter is 400 naming it.
 */
public final class AuditHandler {
  private static final int MAX_PARAM = 200;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern CURSOR = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})/(\\d{1,9})");

  private final AuditQueries queries;
  private final AuditVerifier verifier;
  private final ZoneId zone;

  public AuditHandler(AuditQueries queries, AuditVerifier verifier, ZoneId zone) {
    this.queries = queries;
    this.verifier = verifier;
    this.zone = zone;
  }

  public void search(RoutingContext ctx) {
    String subject = param(ctx, "subject");
    String actor = param(ctx, "actor");
    UUID caseId = uuid(ctx, "case");
    String action = param(ctx, "action");
    if (action != null && Arrays.stream(AuditAction.values()).noneMatch(a -> a.name().equals(action))) {
      throw DomainError.badParameter("action", "action must be one of " + Arrays.toString(AuditAction.values()), "unknown action");
    }
    OffsetDateTime from = time(ctx, "from", false);
    OffsetDateTime to = time(ctx, "to", true);
    String before = param(ctx, "before");
    LocalDate beforeDay = null;
    Integer beforeSeq = null;
    if (before != null) {
      var m = CURSOR.matcher(before);
      if (!m.matches()) throw DomainError.badParameter("before", "before must be <day>/<seq> as given in next", "expected YYYY-MM-DD/N");
      beforeDay = date("before", m.group(1));
      beforeSeq = Integer.parseInt(m.group(2));
    }
    int limit = Params.intParam(ctx, "limit", 100, 1, 1000);
    var caller = AuthHandler.caller(ctx);
    LocalDate bd = beforeDay;
    Integer bs = beforeSeq;
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
    String day = param(ctx, "day");
    verifier.verify(day == null ? null : date("day", day))
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
   * openapi.yaml {@code AuditVerification}: {@code {"ok": true, "days": [{"day", "rows", "lastHash"}]}} or
   * {@code {"ok": false, "broken": {"day", "seq", "reason"}, "days": [the days verified before]}}.
   */
  private static JsonObject verification(AuditVerifier.Verification v) {
    JsonArray days = new JsonArray();
    v.days().forEach(d -> days.add(new JsonObject().put("day", d.day().toString()).put("rows", d.rows()).put("lastHash", d.lastHash())));
    JsonObject out = new JsonObject().put("ok", v.ok());
    if (!v.ok()) {
      out.put("broken", new JsonObject().put("day", v.broken().day().toString()).put("seq", v.broken().seq()).put("reason", v.broken().reason()));
    }
    return out.put("days", days);
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) return null;
    if (v.length() > MAX_PARAM) throw DomainError.badParameter(name, name + " is too long", "at most " + MAX_PARAM + " characters");
    return v.trim();
  }

  private static UUID uuid(RoutingContext ctx, String name) {
    String v = param(ctx, name);
    if (v == null) return null;
    try {
      return UUID.fromString(v);
    } catch (IllegalArgumentException e) {
      throw DomainError.badParameter(name, name + " must be a case id (UUID)", "not a UUID");
    }
  }

  private static LocalDate date(String name, String v) {
    try {
      return LocalDate.parse(v);
    } catch (DateTimeException e) {
      throw DomainError.badParameter(name, name + " must be a date YYYY-MM-DD", "expected YYYY-MM-DD");
    }
  }

  /** A date means its whole day: {@code from} its start, {@code to} the start of the next day. */
  private OffsetDateTime time(RoutingContext ctx, String name, boolean end) {
    String v = param(ctx, name);
    if (v == null) return null;
    if (v.length() == 10) {
      LocalDate d = date(name, v);
      return (end ? d.plusDays(1) : d).atStartOfDay(zone).toOffsetDateTime();
    }
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeException e) {
      throw DomainError.badParameter(name, name + " must be a date YYYY-MM-DD or an RFC 3339 time", "expected a date or date-time");
    }
  }
}
