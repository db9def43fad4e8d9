package onego.server.hotline;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import onego.server.infra.Redis;
import onego.server.infra.RedisCipher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The hotline status view in Redis: one hash per case ({@code seq}, {@code view}) with a TTL. A
 * write lands only when its {@code lastSeq} is newer than what is there, so an update computed
 * from an older snapshot never overwrites a newer one, whichever node writes it. After a Redis
 * failure the cache stands aside for a while and everything reads PostgreSQL. The {@code view} is sealed
 * with {@link RedisCipher}; one that does not open is a miss.
 */
public final class StatusViewCache {
  /** v2: views masked by the one policy; views cached under the old prefix are never read and expire with their TTL. */
  public static final String KEY_PREFIX = "onego:hotline:v2:case:";
  private static final String PUT_IF_NEWER = """
      local seq = redis.call('HGET', KEYS[1], 'seq')
      if seq and tonumber(seq) >= tonumber(ARGV[1]) then return 0 end
      redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'view', ARGV[2])
      redis.call('EXPIRE', KEYS[1], ARGV[3])
      return 1""";
  private static final long STAND_ASIDE_MS = 5_000;
  private static final long READ_TIMEOUT_MS = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final RedisCipher cipher;
  private final long ttlSeconds;
  private volatile boolean failedRecently;
  private volatile long failedAtNanos;

  public StatusViewCache(Vertx vertx, Redis redis, RedisCipher cipher, long ttlSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.cipher = cipher;
    this.ttlSeconds = ttlSeconds;
  }

  public static String key(UUID caseId) { return KEY_PREFIX + caseId; }

  /** False for a while after Redis failed: callers go straight to PostgreSQL instead of waiting on timeouts. */
  public boolean available() {
    return !failedRecently || System.nanoTime() - failedAtNanos > TimeUnit.MILLISECONDS.toNanos(STAND_ASIDE_MS);
  }

  /** The cached views among {@code ids}; a miss is simply absent. Fails when Redis does. */
  public Future<Map<UUID, StatusView>> get(List<UUID> ids) {
    if (!available()) return Future.failedFuture("the hotline cache stands aside after a Redis failure");
    List<RedisFuture<String>> calls = new ArrayList<>(ids.size());
    for (UUID id : ids) calls.add(redis.commands().hget(key(id), "view"));
    List<Future<String>> answers = calls.stream().map(c -> Redis.onContext(vertx, c)).toList();
    return watch(Future.all(answers).timeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)).map(v -> {
      Map<UUID, StatusView> out = new HashMap<>();
      List<UUID> unreadable = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        String json = cipher.open(key(ids.get(i)), answers.get(i).result());
        if (json != null) out.put(ids.get(i), StatusView.fromJson(new JsonObject(json)));
        else if (answers.get(i).result() != null) unreadable.add(ids.get(i));
      }
      // sealed under another key (rotated, or another dev process): drop it so the next read caches it again
      if (!unreadable.isEmpty()) delete(unreadable);
      return out;
    });
  }

  /**
   * The version ({@code lastSeq}) of the view Redis holds for {@code caseId}, or null when it holds none; one
   * small read, nothing to open. Fails when Redis does (or stands aside).
   */
  public Future<Integer> seq(UUID caseId) {
    if (!available()) return Future.failedFuture("the hotline cache stands aside after a Redis failure");
    return watch(Redis.onContext(vertx, redis.commands().hget(key(caseId), "seq")).timeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .map(s -> s == null ? null : Integer.valueOf(s));
  }

  /** Stores the view unless Redis already has this case at the same or a newer seq. */
  public Future<Boolean> put(StatusView view) {
    if (!available()) return Future.failedFuture("the hotline cache stands aside after a Redis failure");
    RedisFuture<Long> call = redis.commands().eval(PUT_IF_NEWER, ScriptOutputType.INTEGER, new String[] {key(view.caseId())},
        String.valueOf(view.lastSeq()), cipher.seal(key(view.caseId()), view.toJson().encode()), String.valueOf(ttlSeconds));
    return watch(Redis.onContext(vertx, call)).map(n -> n == 1L);
  }

  public Future<Void> delete(List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture();
    return watch(Redis.onContext(vertx, redis.commands().del(ids.stream().map(StatusViewCache::key).toArray(String[]::new)))).mapEmpty();
  }

  private <T> Future<T> watch(Future<T> f) {
    return f.onSuccess(v -> failedRecently = false).onFailure(e -> {
      failedAtNanos = System.nanoTime();
      failedRecently = true;
    });
  }
}
