package onego.server.hotline;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Status views for the hotline: Redis first, PostgreSQL for misses or when Redis is down, then back into Redis. */
public final class HotlineService {
  private static final Logger log = LoggerFactory.getLogger(HotlineService.class);

  /** Views plus where they came from ({@code redis}, {@code postgres} or {@code mixed}), for the response header. */
  public record Found(List<StatusView> views, String source) {}

  private final HotlineQueries queries;
  private final StatusViewCache cache;

  public HotlineService(HotlineQueries queries, StatusViewCache cache) {
    this.queries = queries;
    this.cache = cache;
  }

  /**
   * The version ({@link StatusView#lastSeq}) of the case's view in Redis, or null when Redis holds none, is
   * down or stands aside (the caller then reads the view through {@link #byCase}); never fails.
   */
  public Future<Integer> version(UUID caseId) {
    if (!cache.available()) return Future.succeededFuture(null);
    return cache.seq(caseId).otherwise(e -> {
      log.warn("hotline cache read failed, reading PostgreSQL: {}", e.toString());
      return null;
    });
  }

  public Future<Optional<Found>> byCase(UUID caseId) {
    return views(List.of(caseId)).map(f -> f.views().isEmpty() ? Optional.empty() : Optional.of(f));
  }

  public Future<Found> byIdNumber(String idNumber, int limit) {
    return queries.caseIdsByApplicant(idNumber, limit).compose(this::views);
  }

  public Future<Found> byPhone(String phone, int limit) {
    return queries.caseIdsByPhone(phone, limit).compose(this::views);
  }

  /** The views of {@code ids} in that order; ids with no case are left out. */
  private Future<Found> views(List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(new Found(List.of(), "postgres"));
    Future<Map<UUID, StatusView>> cached = cache.available() ? cache.get(ids) : Future.succeededFuture(Map.of());
    return cached.otherwise(e -> {
      log.warn("hotline cache read failed, reading PostgreSQL: {}", e.toString());
      return Map.of();
    }).compose(hits -> {
      List<UUID> misses = ids.stream().filter(id -> !hits.containsKey(id)).toList();
      if (misses.isEmpty()) return Future.succeededFuture(ordered(ids, hits, "redis"));
      return queries.views(misses).map(loaded -> {
        loaded.values().forEach(v -> cache.put(v).onFailure(e -> { }));
        Map<UUID, StatusView> all = new HashMap<>(hits);
        all.putAll(loaded);
        return ordered(ids, all, hits.isEmpty() ? "postgres" : "mixed");
      });
    });
  }

  private static Found ordered(List<UUID> ids, Map<UUID, StatusView> views, String source) {
    List<StatusView> out = new ArrayList<>(ids.size());
    for (UUID id : ids) if (views.containsKey(id)) out.add(views.get(id));
    return new Found(out, source);
  }
}
