package onego.server.config;

import onego.domain.Catalog;
import onego.domain.CatalogLoader;
import onego.domain.ConfigException;
import onego.domain.ConfigNode;
import onego.domain.WorkingCalendar;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the configuration: {@code config/application.yaml}, then {@code config/profiles/<profile>.yaml},
 * then each file of {@code ONEGO_CONFIG} in order, then the {@code ONEGO_*} environment variables.
 * Mappings merge key by key; any other value (lists too) replaces the one before.
 */
public final class ConfigLoader {
  private static final Set<String> ROLES = Set.of("channel", "applicant", "department", "hotline", "admin");
  public static final Set<String> CHANNELS = Set.of("pc", "mobile", "miniprogram", "window", "kiosk", "hotline", "community");

  private final Path configDir;
  private final Map<String, String> env;
  private final Map<String, Object> tree = new LinkedHashMap<>();
  private final Map<String, String> origins = new HashMap<>();

  private ConfigLoader(Path configDir, Map<String, String> env) {
    this.configDir = configDir;
    this.env = env;
  }

  /** The configuration folder: {@code ONEGO_CONFIG_DIR}, else {@code ./config}. */
  public static Path configDir(Map<String, String> env) {
    return Path.of(env.getOrDefault("ONEGO_CONFIG_DIR", "config"));
  }

  public static AppConfig load(Map<String, String> env) {
    return new ConfigLoader(configDir(env), env).load();
  }

  private AppConfig load() {
    Path base = configDir.resolve("application.yaml");
    if (!Files.isRegularFile(base)) {
      throw new ConfigException(base.toString(), "", "file not found (run from the repository root or set ONEGO_CONFIG_DIR)");
    }
    overlay(base);
    String profile = env.getOrDefault("ONEGO_PROFILE", String.valueOf(tree.getOrDefault("profile", "dev")));
    Path profileFile = configDir.resolve("profiles").resolve(profile + ".yaml");
    if (Files.isRegularFile(profileFile)) overlay(profileFile);
    for (String f : env.getOrDefault("ONEGO_CONFIG", "").split(",")) {
      if (f.isBlank()) continue;
      Path p = Path.of(f.trim());
      if (!Files.isRegularFile(p)) throw new ConfigException(p.toString(), "", "file named in ONEGO_CONFIG not found");
      overlay(p);
    }
    set("profile", profile, "ONEGO_PROFILE");
    fromEnv("ONEGO_HTTP_PORT", "http.port");
    fromEnv("ONEGO_PG_URL", "postgres.url");
    fromEnv("ONEGO_REDIS_URL", "redis.url");
    fromEnv("ONEGO_CLUSTER", "cluster.enabled");
    fromEnv("ONEGO_DATA_DIR", "embedded.dataDir");
    fromEnv("ONEGO_SHARED_DATA_URL", "sharedData.url");
    if (env.containsKey("ONEGO_CLUSTER_MEMBERS")) {
      List<String> members = new ArrayList<>();
      for (String m : env.get("ONEGO_CLUSTER_MEMBERS").split(",")) if (!m.isBlank()) members.add(m.trim());
      set("cluster.members", members, "environment variable ONEGO_CLUSTER_MEMBERS");
    }
    return build(new ConfigNode(base.toString(), "", tree, origins));
  }

  private void overlay(Path file) {
    ConfigNode n = ConfigNode.read(file, file.toString());
    if (!n.isMap()) throw n.fail("the top level must be a mapping");
    merge(tree, n.map(), "", file.toString());
  }

  @SuppressWarnings("unchecked")
  private void merge(Map<String, Object> into, Map<String, Object> from, String prefix, String source) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Object old = into.get(e.getKey());
      if (old instanceof Map && e.getValue() instanceof Map) {
        merge((Map<String, Object>) old, (Map<String, Object>) e.getValue(), path, source);
      } else {
        into.put(e.getKey(), e.getValue() instanceof Map ? new LinkedHashMap<>((Map<String, Object>) e.getValue()) : e.getValue());
        origins.keySet().removeIf(k -> k.startsWith(path + ".") || k.startsWith(path + "["));
        origins.put(path, source);
      }
    }
  }

  private void fromEnv(String var, String path) {
    String v = env.get(var);
    if (v != null && !v.isBlank()) set(path, v.trim(), "environment variable " + var);
  }

  @SuppressWarnings("unchecked")
  private void set(String path, Object value, String source) {
    String[] parts = path.split("\\.");
    Map<String, Object> m = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = m.get(parts[i]);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        m.put(parts[i], next);
      }
      m = (Map<String, Object>) next;
    }
    m.put(parts[parts.length - 1], value);
    origins.put(path, source);
  }

  private AppConfig build(ConfigNode root) {
    String profile = root.str("profile");
    if (!profile.equals("dev") && !profile.equals("prod")) throw root.get("profile").fail("must be dev or prod");
    ConfigNode http = root.optObj("http");
    ConfigNode pg = root.optObj("postgres");
    ConfigNode redis = root.optObj("redis");
    ConfigNode cluster = root.optObj("cluster");
    ConfigNode intake = root.optObj("intake");
    ConfigNode gc = intake.optObj("groupCommit");

    Catalog catalog = CatalogLoader.load(configDir.resolve(root.optStr("catalogDir", "catalog")));
    String pgUrl = root.optObj("postgres").optStr("url", null);
    if (pgUrl != null) checkUrl(pg.get("url"), pgUrl, "postgresql://", "postgresql://user:pass@host:port/db");
    String redisUrl = redis.optStr("url", null);
    if (redisUrl != null) checkUrl(redis.get("url"), redisUrl, "redis://", "redis://host:port");

    List<ApiKey> keys = apiKeys(root.optObj("auth"), profile, catalog);
    ConfigNode jwt = root.optObj("auth").optObj("jwt");
    String hs = jwt.optStr("hs256Secret", null);
    if (hs != null && hs.length() < 32) throw jwt.get("hs256Secret").fail("must be at least 32 characters");

    return new AppConfig(
        profile,
        (int) range(http, "port", 8080, 0, 65535),
        (int) range(http, "maxBodyBytes", 256 * 1024, 1024, 64L * 1024 * 1024),
        (int) range(http, "instances", 0, 0, 256),
        pgUrl,
        (int) range(pg, "poolSize", 8, 1, 200),
        redisUrl,
        Path.of(root.optObj("embedded").optStr("dataDir", System.getProperty("user.home") + "/.onego")),
        cluster.optBool("enabled", false),
        cluster.strList("members"),
        (int) range(cluster, "port", 5701, 1, 65535),
        calendar(root.optObj("calendar")),
        new GroupCommit((int) range(gc, "maxBatch", 64, 1, 1000), (int) range(gc, "maxDelayMs", 5, 0, 1000),
            (int) range(gc, "maxConcurrentBatches", 4, 1, 64), (int) range(gc, "maxPending", 2000, 1, 1_000_000)),
        (int) range(intake, "idempotencyRetentionHours", 48, 24, 24 * 365),
        (int) range(root.optObj("retention"), "deliveryAttemptsDays", 30, 1, 3650),
        (int) range(root.optObj("retention"), "departmentCallbacksDays", 30, 1, 3650),
        (int) range(intake, "retryAfterSeconds", 2, 1, 3600),
        rateLimit(root.optObj("rateLimit").optObj("default"), new RateLimit(100, 200)),
        roleRateLimits(root.optObj("rateLimit").optObj("roles")),
        keys,
        hs,
        jwt.optStr("rs256PublicKey", null),
        jwt.optStr("issuer", null),
        catalog,
        DispatchSettings.read(root.optObj("departments"), catalog),
        RouterSettings.read(root.optObj("router")),
        onego.server.streams.StreamSettings.read(root.optObj("streams")),
        devsim(root.optObj("devsim"), profile),
        onego.server.shareddata.SharedDataSettings.read(root.optObj("sharedData")));
  }

  private static AppConfig.DevSimConfig devsim(ConfigNode n, String profile) {
    boolean enabled = n.optBool("enabled", true) && profile.equals("dev");
    double supplement = n.optNumber("supplementShare", 0.0);
    double reject = n.optNumber("rejectShare", 0.0);
    if (supplement < 0 || supplement > 1) throw n.get("supplementShare").fail("must be between 0 and 1");
    if (reject < 0 || reject > 1 || supplement + reject > 1) throw n.get("rejectShare").fail("must be between 0 and 1 - supplementShare");
    return new AppConfig.DevSimConfig(enabled, (int) range(n, "port", 0, 0, 65535), range(n, "workDelayMs", 5_000, 0, 600_000), supplement, reject);
  }

  private static long range(ConfigNode n, String key, long dflt, long min, long max) {
    long v = n.optInt(key, dflt);
    if (v < min || v > max) throw n.get(key).fail("must be between " + min + " and " + max);
    return v;
  }

  private static void checkUrl(ConfigNode n, String url, String scheme, String example) {
    if (!url.startsWith(scheme)) throw n.fail("must look like " + example);
    try {
      java.net.URI u = java.net.URI.create(url);
      if (u.getHost() == null) throw new IllegalArgumentException();
    } catch (IllegalArgumentException e) {
      throw n.fail("must look like " + example);
    }
  }

  private static WorkingCalendar calendar(ConfigNode n) {
    ZoneId zone;
    try {
      zone = ZoneId.of(n.optStr("timezone", "Asia/Shanghai"));
    } catch (DateTimeException e) {
      throw n.get("timezone").fail("unknown time zone");
    }
    return new WorkingCalendar(zone, dates(n, "holidays"), dates(n, "workdays"));
  }

  private static Set<LocalDate> dates(ConfigNode n, String key) {
    Set<LocalDate> out = new LinkedHashSet<>();
    for (ConfigNode d : n.list(key)) {
      Object raw = d.raw();
      try {
        out.add(LocalDate.parse(String.valueOf(raw)));
      } catch (DateTimeException e) {
        throw d.fail("expected a date YYYY-MM-DD");
      }
    }
    return out;
  }

  private static RateLimit rateLimit(ConfigNode n, RateLimit dflt) {
    double per = n.optNumber("perSecond", dflt.perSecond());
    double burst = n.optNumber("burst", Math.max(dflt.burst(), per));
    if (per <= 0) throw n.get("perSecond").fail("must be positive");
    if (burst < 1) throw n.get("burst").fail("must be at least 1");
    return new RateLimit(per, burst);
  }

  private static Map<String, RateLimit> roleRateLimits(ConfigNode n) {
    Map<String, RateLimit> out = new HashMap<>();
    for (String role : n.keys()) {
      if (!ROLES.contains(role)) throw n.get(role).fail("unknown role " + role);
      out.put(role, rateLimit(n.obj(role), new RateLimit(100, 200)));
    }
    return out;
  }

  private static List<ApiKey> apiKeys(ConfigNode auth, String profile, Catalog catalog) {
    List<ApiKey> out = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (ConfigNode n : auth.list("apiKeys")) {
      String key = n.str("key");
      String name = n.optStr("name", key);
      String role = n.str("role");
      if (!ROLES.contains(role)) throw n.get("role").fail("must be one of " + ROLES);
      String channel = n.optStr("channel", null);
      String dept = n.optStr("department", null);
      String sub = n.optStr("sub", null);
      if (role.equals("channel") && (channel == null || !CHANNELS.contains(channel))) throw n.get("channel").fail("a channel key needs channel, one of " + CHANNELS);
      if (role.equals("department") && (dept == null || catalog.department(dept).isEmpty())) throw n.get("department").fail("a department key needs a catalog department code");
      if (role.equals("applicant") && sub == null) throw n.get("sub").fail("an applicant key needs sub (the ID number)");
      if (!profile.equals("dev") && (key.startsWith("dev-") || name.startsWith("dev-"))) {
        throw n.get("key").fail("dev- keys are allowed only in the dev profile; remove them to run as " + profile);
      }
      if (key.length() < 8) throw n.get("key").fail("must be at least 8 characters");
      if (!seen.add(key)) throw n.get("key").fail("duplicate API key");
      out.add(new ApiKey(name, key, role, channel, dept, sub));
    }
    if (profile.equals("dev")) {
      for (String dept : catalog.departments().keySet()) {
        String k = "dev-dept-" + dept;
        if (seen.add(k)) out.add(new ApiKey(k, k, "department", null, dept, null));
      }
    }
    return List.copyOf(out);
  }
}
