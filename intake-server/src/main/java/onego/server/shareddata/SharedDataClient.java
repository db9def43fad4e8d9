package onego.server.shareddata;

import io.lettuce.core.SetArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import onego.domain.DomainError;
import onego.server.config.SharedDataSettings;
import onego.server.infra.Redis;
import onego.server.infra.RedisCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The shared-data platform (数据共享) and the e-certificate registry (电子证照), behind a cache-aside
 * Redis cache. Per key: fresh for {@code ttlSeconds}; kept {@code staleSeconds} longer and served,
 * marked stale, only when the platform fails or times out; a "not found" is remembered for
 * {@code negativeTtlSeconds}. Concurrent misses for one key on this node share one load
 * (single-flight). Redis down: straight to the platform. Platform and cache both failing: 503.
 * Keys hold a SHA-256 of the ID number or certificate ref (salted when {@code keySalt} is set),
 * never the clear value; values are sealed with {@link RedisCipher} (AES-GCM), and one that does not open
 * counts as a miss. Shared by every edge instance, so its in-flight map is concurrent.
 *
 * <p>The platform's API: {@code POST {url}/sources/{source}/query} with {@code {"idNumber"}}, or
 * {@code {"idNumber", "about": "<form field>"}} (the person that field of a form names: fields about
 * them from their own record), or {@code {"creditCode"}} (an enterprise) →
 * 200 {@code {"data": {<catalog field>: value}}} or 404; {@code GET {url}/ecerts/{ref}} → 200
 * {@code {"valid", "type", "number", "holderName", "holderIdNumber", "issuedBy", "validUntil"}} or 404;
 * for 免申即享 rules, {@code POST {url}/facts/query} and {@code POST {url}/facts/subjects} ({@link #facts},
 * {@link #subjects}; not cached).
 *
 * <p>Each load (one per key at a time on this node) counts once in
 * {@code onego_shareddata_cache_total{source, result}}: {@code source} is the catalog's source code
 * or {@code ecert}; {@code result} is {@code hit} (fresh in Redis), {@code miss} (asked the platform),
 * {@code stale} (platform failed, stale entry served) or {@code unavailable} (platform failed, no entry: 503).
 */
public final class SharedDataClient {
  private static final Logger log = LoggerFactory.getLogger(SharedDataClient.class);
  private static final String PREFIX = "onego:sd:";
  /** The {@code source} label of e-certificate registry lookups. */
  private static final String ECERT_SOURCE = "ecert";
  private static final List<String> RESULTS = List.of("hit", "miss", "stale", "unavailable");
  private static final long REDIS_TIMEOUT_MS = 500;

  /** One answer: {@code data} null when the platform has no record; {@code stale} when served past its TTL because the platform failed. */
  public record Lookup(JsonObject data, Instant fetchedAt, boolean stale) {
    public boolean found() { return data != null; }
  }

  private final Vertx vertx;
  private final Redis redis;
  private final RedisCipher cipher;
  private final SharedDataSettings settings;
  private final WebClient web;
  private final Map<String, Future<Lookup>> inFlight = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  public SharedDataClient(Vertx vertx, Redis redis, RedisCipher cipher, SharedDataSettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    this.redis = redis;
    this.cipher = cipher;
    this.settings = settings;
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(settings.timeoutMs(), Integer.MAX_VALUE))
        .setUserAgent("OneGo"));
  }

  /** What {@code source} holds about the person with {@code idNumber}. */
  public Future<Lookup> person(String source, String idNumber) {
    return query(source, PREFIX + "p:" + source + ":" + hash(idNumber), new JsonObject().put("idNumber", idNumber));
  }

  /**
   * What {@code source} holds about the person with {@code idNumber} as the person the form field
   * {@code aboutField} names (the deceased, the baby's mother): the fields about that person, from
   * their own record ({@code {"idNumber", "about"}} to the platform).
   */
  public Future<Lookup> personAbout(String source, String aboutField, String idNumber) {
    return query(source, PREFIX + "a:" + source + ":" + aboutField + ":" + hash(idNumber),
        new JsonObject().put("idNumber", idNumber).put("about", aboutField));
  }

  /** What {@code source} holds about the enterprise with the unified social credit code {@code creditCode}. */
  public Future<Lookup> enterprise(String source, String creditCode) {
    return query(source, PREFIX + "c:" + source + ":" + hash(creditCode), new JsonObject().put("creditCode", creditCode));
  }

  private Future<Lookup> query(String source, String key, JsonObject body) {
    return cached(key, source, () -> {
      if (settings.url() == null) return Future.failedFuture(new IllegalStateException("sharedData.url is not configured"));
      return web.postAbs(settings.url() + "/sources/" + enc(source) + "/query")
          .timeout(settings.timeoutMs())
          .sendJsonObject(body)
          .compose(SharedDataClient::answer);
    });
  }

  /** The e-certificate registry's record for {@code ref}. */
  public Future<Lookup> ecert(String ref) {
    String key = PREFIX + "e:" + hash(ref);
    return cached(key, ECERT_SOURCE, () -> {
      if (settings.url() == null) return Future.failedFuture(new IllegalStateException("sharedData.url is not configured"));
      return web.getAbs(settings.url() + "/ecerts/" + enc(ref))
          .timeout(settings.timeoutMs())
          .send()
          .compose(SharedDataClient::answer);
    });
  }

  /** One page of a subject query: the subjects (ID numbers or credit codes) and the cursor of the next page (null: the last). */
  public record SubjectPage(List<String> subjects, String next) {}

  /**
   * The facts ({@code facts}: names of the catalog's {@code offers.yaml} facts) the platform holds about
   * {@code subject} (an ID number or a credit code), read fresh (never cached: eligibility must see today's
   * data): {@code POST {url}/facts/query {"subject", "facts"}} → 200 {@code {"facts": {<name>: value}}} (a fact
   * the platform does not hold is absent), or 404 (an unknown subject: answered as null). Fails with
   * UNAVAILABLE when the platform fails or is not configured.
   */
  public Future<JsonObject> facts(String subject, List<String> facts) {
    if (settings.url() == null) return Future.failedFuture(DomainError.unavailable("the shared-data platform",
        new IllegalStateException("sharedData.url is not configured")));
    return web.postAbs(settings.url() + "/facts/query").timeout(settings.timeoutMs())
        .sendJsonObject(new JsonObject().put("subject", subject).put("facts", new io.vertx.core.json.JsonArray(facts)))
        .compose(SharedDataClient::answer)
        .map(d -> d == null ? null : d.getJsonObject("facts", new JsonObject()))
        .recover(e -> Future.failedFuture(e instanceof DomainError ? e : DomainError.unavailable("the shared-data platform", e)));
  }

  /**
   * The sweep's candidates: one page of the subjects of {@code kind} ({@code person} or {@code enterprise})
   * whose fact meets {@code where} ({@code {"fact", "<equals|atLeast|atMost|present>": value}}), in the
   * platform's order: {@code POST {url}/facts/subjects {"kind", "where", "after", "limit"}} → 200
   * {@code {"subjects": [...], "next": cursor|null}}. {@code after}: the previous page's {@code next}
   * (null: the first page). The platform's filter only narrows the sweep; every rule checks its whole
   * condition on the facts it reads ({@link #facts}).
   */
  public Future<SubjectPage> subjects(String kind, JsonObject where, String after, int limit) {
    if (settings.url() == null) return Future.failedFuture(new IllegalStateException("sharedData.url is not configured"));
    return web.postAbs(settings.url() + "/facts/subjects").timeout(settings.timeoutMs())
        .sendJsonObject(new JsonObject().put("kind", kind).put("where", where).put("after", after).put("limit", limit))
        .compose(SharedDataClient::answer)
        .map(d -> {
          if (d == null) return new SubjectPage(List.of(), null);
          List<String> subjects = new ArrayList<>();
          io.vertx.core.json.JsonArray a = d.getJsonArray("subjects", new io.vertx.core.json.JsonArray());
          for (int i = 0; i < a.size(); i++) subjects.add(a.getString(i));
          return new SubjectPage(subjects, d.getString("next"));
        });
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> r) {
    if (r.statusCode() == 404) return Future.succeededFuture(null);
    if (r.statusCode() != 200) return Future.failedFuture(new IllegalStateException("shared-data platform answered " + r.statusCode()));
    try {
      JsonObject body = r.bodyAsJsonObject();
      if (body == null) return Future.failedFuture(new IllegalStateException("shared-data platform answered an empty body"));
      JsonObject data = body.containsKey("data") ? body.getJsonObject("data") : body;
      return Future.succeededFuture(data == null ? new JsonObject() : data);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("shared-data platform answered malformed JSON", e));
    }
  }

  /** Single-flight around {@link #load}; the answer comes back on the caller's context. */
  private Future<Lookup> cached(String key, String source, Supplier<Future<JsonObject>> fetch) {
    Context caller = vertx.getOrCreateContext();
    Future<Lookup> shared = inFlight.computeIfAbsent(key, k -> {
      Promise<Lookup> p = Promise.promise();
      // started after computeIfAbsent returns, so a synchronous completion cannot remove the entry early
      caller.runOnContext(v -> load(k, source, fetch).onComplete(ar -> {
        inFlight.remove(k);
        p.handle(ar);
      }));
      return p.future();
    });
    Promise<Lookup> mine = Promise.promise();
    shared.onComplete(ar -> caller.runOnContext(v -> mine.handle(ar)));
    return mine.future();
  }

  private Future<Lookup> load(String key, String source, Supplier<Future<JsonObject>> fetch) {
    return readCache(key).compose(entry -> {
      long now = System.currentTimeMillis();
      if (entry != null && entry.getLong("freshUntil", 0L) > now) {
        count(source, "hit");
        return Future.succeededFuture(lookup(entry, false));
      }
      Future<JsonObject> upstream;
      try {
        upstream = fetch.get();
      } catch (RuntimeException e) {
        upstream = Future.failedFuture(e);
      }
      return upstream.compose(data -> {
        count(source, "miss");
        return store(key, data);
      }, err -> {
        if (entry != null && entry.getValue("data") != null) {
          log.warn("shared-data platform failed ({}); serving a stale cached record", err.toString());
          count(source, "stale");
          return Future.succeededFuture(lookup(entry, true));
        }
        count(source, "unavailable");
        return Future.failedFuture(DomainError.unavailable("the shared-data platform", err));
      });
    });
  }

  private void count(String source, String result) {
    counter(source, result).increment();
  }

  private Counter counter(String source, String result) {
    return Counter.builder("onego.shareddata.cache").tag("source", source).tag("result", result)
        .description("shared-data lookups by source and cache result: hit, miss, stale, unavailable").register(registry);
  }

  /**
   * Registers {@code onego_shareddata_cache_total} at zero for every source and result, so that the dashboard and
   * the {@code OneGoSharedDataCacheStale} alert read a series from the node's start instead of "No data" until
   * the first lookup.
   *
   * @param sources the catalog's source codes ({@code sources.yaml}); the e-certificate registry ({@code ecert}) is added
   */
  public void registerCounters(Collection<String> sources) {
    List<String> all = new ArrayList<>(sources);
    all.add(ECERT_SOURCE);
    for (String source : all) for (String result : RESULTS) counter(source, result);
  }

  private static Lookup lookup(JsonObject entry, boolean stale) {
    return new Lookup(entry.getJsonObject("data"), Instant.ofEpochMilli(entry.getLong("fetchedAt")), stale);
  }

  /** The cached entry, or null when there is none or Redis does not answer (then the platform decides). */
  private Future<JsonObject> readCache(String key) {
    Future<String> get;
    try {
      get = Redis.onContext(vertx, redis.commands().get(key)).timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      get = Future.failedFuture(e);
    }
    return get.map(s -> {
      String clear = cipher.open(key, s);
      return clear == null ? null : new JsonObject(clear);
    }).otherwise(e -> {
      log.warn("shared-data cache read failed ({}); asking the platform", e.toString());
      return null;
    });
  }

  /** Writes the fresh answer (kept for TTL + stale, or the negative TTL), then answers; a failed write only loses the cache. */
  private Future<Lookup> store(String key, JsonObject data) {
    long now = System.currentTimeMillis();
    boolean found = data != null;
    long freshMs = 1000L * (found ? settings.ttlSeconds() : settings.negativeTtlSeconds());
    long keepMs = found ? freshMs + 1000L * settings.staleSeconds() : freshMs;
    JsonObject entry = new JsonObject().put("data", data).put("fetchedAt", now).put("freshUntil", now + freshMs);
    Lookup answer = new Lookup(data, Instant.ofEpochMilli(now), false);
    Future<String> set;
    try {
      set = Redis.onContext(vertx, redis.commands().set(key, cipher.seal(key, entry.encode()), SetArgs.Builder.px(keepMs)))
          .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      set = Future.failedFuture(e);
    }
    return set.map(ok -> answer).otherwise(e -> {
      log.warn("shared-data cache write failed ({})", e.toString());
      return answer;
    });
  }

  private String hash(String clear) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      if (settings.keySalt() != null) md.update(settings.keySalt().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(clear.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
