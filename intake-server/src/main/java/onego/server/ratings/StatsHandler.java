package onego.server.ratings;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.Department;
import onego.domain.DomainError;
import onego.server.web.Responses;

import java.util.Set;
import java.util.TreeMap;

/**
 * GET /stats (admin): counts by thing, channel and status; the plan's 网上可办率 (cases from pc,
 * mobile, miniprogram) and 掌上可办率 (mobile, miniprogram) next to their targets; average
 * completion time; rating averages per department.
 */
public final class StatsHandler {
  /** 网上可办率 target of the plan. */
  static final double ONLINE_TARGET = 0.95;
  /** 掌上可办率 target of the plan. */
  static final double MOBILE_TARGET = 0.90;
  static final Set<String> ONLINE_CHANNELS = Set.of("pc", "mobile", "miniprogram");
  static final Set<String> MOBILE_CHANNELS = Set.of("mobile", "miniprogram");

  private final StatsQueries queries;
  private final Catalog catalog;

  public StatsHandler(StatsQueries queries, Catalog catalog) {
    this.queries = queries;
    this.catalog = catalog;
  }

  public void stats(RoutingContext ctx) {
    queries.snapshot().onSuccess(s -> Responses.json(ctx, 200, toJson(s)))
        .onFailure(e -> ctx.fail(DomainError.unavailable("the case store", e)));
  }

  JsonObject toJson(StatsQueries.Snapshot s) {
    TreeMap<String, Long> byThing = new TreeMap<>();
    TreeMap<String, Long> byChannel = new TreeMap<>();
    TreeMap<String, Long> byStatus = new TreeMap<>();
    long total = 0;
    long online = 0;
    long mobile = 0;
    for (StatsQueries.Count c : s.counts()) {
      total += c.n();
      byThing.merge(c.thing(), c.n(), Long::sum);
      byChannel.merge(c.channel(), c.n(), Long::sum);
      byStatus.merge(c.status(), c.n(), Long::sum);
      if (ONLINE_CHANNELS.contains(c.channel())) online += c.n();
      if (MOBILE_CHANNELS.contains(c.channel())) mobile += c.n();
    }
    JsonObject departments = new JsonObject();
    for (StatsQueries.RatingAverage r : s.byDepartment()) {
      departments.put(r.department(), new JsonObject()
          .put("name", catalog.department(r.department()).map(Department::name).orElse(r.department()))
          .put("count", r.count())
          .put("average", round(r.average())));
    }
    return new JsonObject()
        .put("cases", new JsonObject().put("total", total).put("byThing", new JsonObject(new java.util.LinkedHashMap<>(byThing)))
            .put("byChannel", new JsonObject(new java.util.LinkedHashMap<>(byChannel)))
            .put("byStatus", new JsonObject(new java.util.LinkedHashMap<>(byStatus))))
        .put("onlineRate", rate(online, total, ONLINE_TARGET, ONLINE_CHANNELS))
        .put("mobileRate", rate(mobile, total, MOBILE_TARGET, MOBILE_CHANNELS))
        .put("completion", new JsonObject().put("cases", s.completion().cases())
            .put("averageCompletionSeconds", round(s.completion().averageSeconds())))
        .put("averageCompletionSeconds", round(s.completion().averageSeconds()))
        .put("ratings", new JsonObject().put("count", s.overall().count()).put("average", round(s.overall().average()))
            .put("byDepartment", departments));
  }

  private static JsonObject rate(long part, long total, double target, Set<String> channels) {
    Double value = total == 0 ? null : round((double) part / total);
    return new JsonObject().put("value", value).put("target", target).put("cases", part)
        .put("channels", new io.vertx.core.json.JsonArray(channels.stream().sorted().toList()))
        .put("meetsTarget", value == null ? null : value >= target);
  }

  private static Double round(Double d) {
    return d == null ? null : Math.round(d * 10_000d) / 10_000d;
  }
}
