package onego.server.ratings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.Department;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.OnlineRates;
import onego.domain.Times;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code GET /stats?from=&to=} (admin). Over the cases submitted in the window: counts by thing, channel
 * and status, {@code channelShares} (each channel's share of them), average completion time; ratings
 * given in the window, per department. Beside them, the plan's 网上可办率 and 掌上可办率, which are
 * properties of the catalog, not of the cases (衡阳方案 工作目标: "一件事一次办"高频事项网上可办率达95 %、
 * 掌上可办率达90 %): {@code onlineRate} and {@code mobileRate} are the shares of high-frequency 事项 that
 * are 全程网办 / can be done on a phone ({@link OnlineRates}), with {@code targets}. {@code from}/{@code to}
 * are dates (whole days in the calendar's zone) or RFC 3339 times; {@code to} is exclusive; either may be
 * left out (open); {@code from} after {@code to} is 400.
 */
public final class StatsHandler {
  private final StatsQueries queries;
  private final Catalog catalog;
  private final ZoneId zone;
  private final JsonObject catalogRates;
  private final onego.server.supervision.DepartmentFigures figures;

  /**
   * {@code zone}: the calendar's zone, in which a date of {@code from}/{@code to} is a whole day;
   * {@code figures}: the per-department accountability figures ({@code departments}).
   */
  public StatsHandler(StatsQueries queries, onego.server.supervision.DepartmentFigures figures, Catalog catalog, ZoneId zone) {
    this.queries = queries;
    this.figures = figures;
    this.catalog = catalog;
    this.zone = zone;
    this.catalogRates = catalogRates(OnlineRates.of(catalog));
  }

  public void stats(RoutingContext ctx) {
    Request in = Request.of(ctx);
    OffsetDateTime from = time(in.get("from"), false);
    OffsetDateTime to = time(in.get("to"), true);
    if (from != null && to != null && from.isAfter(to)) {
      throw DomainError.badRequest("from is after to", List.of(new FieldError("to", "must not be before from")));
    }
    queries.snapshot(from, to, Times.now(zone)).compose(s -> figures.of(from, to).map(d -> withFigures(toJson(s, from, to), d)))
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(e -> ctx.fail(DomainError.unavailable("the case store", e)));
  }

  /**
   * The two kinds of per-department figures in one object per department, with its name: ratings,
   * complaints and urges ({@link #toJson}) and items on time, overdue and cards ({@code figures}).
   */
  private JsonObject withFigures(JsonObject body, JsonObject accountability) {
    JsonObject departments = body.getJsonObject("departments", new JsonObject());
    for (String code : accountability.fieldNames()) {
      JsonObject d = departments.getJsonObject(code);
      if (d == null) departments.put(code, accountability.getJsonObject(code));
      else d.mergeIn(accountability.getJsonObject(code));
    }
    return body.put("departments", named(departments));
  }

  private JsonObject named(JsonObject departments) {
    for (String code : departments.fieldNames()) {
      departments.getJsonObject(code).put("name", catalog.department(code).map(Department::name).orElse(code));
    }
    return departments;
  }

  JsonObject toJson(StatsQueries.Snapshot s, OffsetDateTime from, OffsetDateTime to) {
    TreeMap<String, Long> byThing = new TreeMap<>();
    TreeMap<String, Long> byChannel = new TreeMap<>();
    TreeMap<String, Long> byStatus = new TreeMap<>();
    long total = 0;
    for (StatsQueries.Count c : s.counts()) {
      total += c.n();
      byThing.merge(c.thing(), c.n(), Long::sum);
      byChannel.merge(c.channel(), c.n(), Long::sum);
      byStatus.merge(c.status(), c.n(), Long::sum);
    }
    JsonObject channelShares = new JsonObject();
    for (var e : byChannel.entrySet()) channelShares.put(e.getKey(), round((double) e.getValue() / total));
    JsonObject departments = new JsonObject();
    for (StatsQueries.RatingAverage r : s.byDepartment()) {
      departments.put(r.department(), new JsonObject()
          .put("name", catalog.department(r.department()).map(Department::name).orElse(r.department()))
          .put("count", r.count())
          .put("average", round(r.average())));
    }
    return new JsonObject()
        .put("window", new JsonObject().put("from", instant(from)).put("to", instant(to)))
        .put("cases", new JsonObject().put("total", total).put("byThing", new JsonObject(new LinkedHashMap<>(byThing)))
            .put("byChannel", new JsonObject(new LinkedHashMap<>(byChannel)))
            .put("byStatus", new JsonObject(new LinkedHashMap<>(byStatus))))
        .put("channelShares", channelShares)
        .mergeIn(catalogRates.copy())
        .put("completion", new JsonObject().put("cases", s.completion().cases())
            .put("averageCompletionSeconds", round(s.completion().averageSeconds())))
        .put("averageCompletionSeconds", round(s.completion().averageSeconds()))
        .put("ratings", new JsonObject().put("count", s.overall().count()).put("average", round(s.overall().average()))
            .put("byDepartment", departments))
        .put("departments", perDepartment(s));
  }

  /**
   * openapi.yaml {@code Stats.departments}: per department with any figure, its item ratings (count, average,
   * coverage = rated ÷ finished items), complaints (by state, overdue, rectified in time and its share of the
   * decided ones) and 催办.
   */
  private JsonObject perDepartment(StatsQueries.Snapshot s) {
    TreeMap<String, JsonObject> out = new TreeMap<>();
    java.util.function.Function<String, JsonObject> dept = code -> out.computeIfAbsent(code, c -> new JsonObject()
        .put("name", catalog.department(c).map(Department::name).orElse(c))
        .put("ratings", new JsonObject().put("count", 0L).put("average", null).put("finishedItems", 0L).put("ratedItems", 0L).put("coverage", null))
        .put("complaints", new JsonObject().put("total", 0L).put("byState", new JsonObject()).put("overdue", 0L)
            .put("rectifiedInTime", 0L).put("decided", 0L).put("rectifiedInTimeShare", null))
        .put("urges", 0L));
    for (StatsQueries.RatingAverage r : s.itemRatings()) {
      dept.apply(r.department()).getJsonObject("ratings").put("count", r.count()).put("average", round(r.average()));
    }
    for (StatsQueries.Coverage c : s.coverage()) {
      dept.apply(c.department()).getJsonObject("ratings").put("finishedItems", c.finished()).put("ratedItems", c.rated())
          .put("coverage", c.finished() == 0 ? null : round((double) c.rated() / c.finished()));
    }
    for (StatsQueries.ComplaintCount c : s.complaints()) {
      JsonObject j = dept.apply(c.department()).getJsonObject("complaints");
      j.put("total", j.getLong("total") + c.n()).put("overdue", j.getLong("overdue") + c.overdue())
          .put("rectifiedInTime", j.getLong("rectifiedInTime") + c.inTime()).put("decided", j.getLong("decided") + c.decided());
      j.getJsonObject("byState").put(c.state(), c.n());
    }
    for (JsonObject d : out.values()) {
      JsonObject j = d.getJsonObject("complaints");
      long decided = j.getLong("decided");
      j.put("rectifiedInTimeShare", decided == 0 ? null : round((double) j.getLong("rectifiedInTime") / decided));
    }
    for (StatsQueries.UrgeCount u : s.urges()) dept.apply(u.department()).put("urges", u.n());
    return new JsonObject(new LinkedHashMap<>(out));
  }

  /** {@code onlineRate}, {@code mobileRate}, {@code targets} and {@code highFrequencyItems}: openapi.yaml {@code Stats}. */
  private static JsonObject catalogRates(OnlineRates r) {
    JsonArray notFull = new JsonArray();
    for (OnlineRates.Matter m : r.notFull()) {
      notFull.add(new JsonObject().put("name", m.name()).put("onlineLevel", m.online().level().code())
          .put("onlineReason", m.online().reason()).put("items", new JsonArray(m.items())));
    }
    return new JsonObject()
        .put("onlineRate", r.onlineRate())
        .put("mobileRate", r.mobileRate())
        .put("targets", new JsonObject().put("onlineRate", OnlineRates.ONLINE_TARGET).put("mobileRate", OnlineRates.MOBILE_TARGET))
        .put("highFrequencyItems", new JsonObject().put("count", r.matters()).put("full", r.full()).put("mobile", r.mobile())
            .put("notFull", notFull).put("notMobile", new JsonArray(r.notMobile())));
  }

  /** A date means its whole day: {@code from} its start, {@code to} the start of the next day. */
  private OffsetDateTime time(Temporal t, boolean end) {
    if (t == null) return null;
    if (t instanceof LocalDate d) return (end ? d.plusDays(1) : d).atStartOfDay(zone).toOffsetDateTime();
    return (OffsetDateTime) t;
  }

  /** RFC 3339 in the calendar's zone, null for an open bound. */
  private String instant(OffsetDateTime t) {
    return t == null ? null : Times.format(Times.in(t, zone));
  }

  private static Double round(Double d) {
    return d == null ? null : Math.round(d * 10_000d) / 10_000d;
  }
}
