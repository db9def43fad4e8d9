package onego.router;

import onego.domain.Catalog;
import onego.domain.ConfigNode;
import onego.domain.Department;
import onego.domain.Regions;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How items reach one department: {@code push} (signed webhook POST to {@code endpoint}) or
 * {@code pull} (the department long-polls). Read from the {@code departments:} section of the
 * configuration; a department without an entry gets the catalog's mode and the defaults.
 *
 * <p>{@code secrets} are the department's current Standard Webhooks secrets ({@code whsec_<base64>},
 * at least 16 key bytes each), in the order configured; empty when none is configured. Every
 * delivery is signed with each of them (one {@code v1,} signature per secret in
 * {@code webhook-signature}, standardwebhooks.com "Signature scheme"), so a department can switch
 * to a new secret while the old one still verifies. Configured as {@code secret: whsec_...} (one)
 * or {@code secrets: [whsec_new, whsec_old]} (during a rotation), never both. A secret's key must be
 * at least 24 bytes (the specification's minimum: "between 24 bytes and 64 bytes").
 *
 * <p>{@code retryScheduleMs}: the waits after each failed push attempt (config {@code retrySchedule},
 * durations such as {@code [5s, 5m, 30m, 2h, 5h, 10h, 10h]}, the specification's recommendation and
 * the default; see {@code onego.router.dispatch.RetrySchedule}). {@code maxAttempts} counts the first
 * attempt too: 8 by default, the first and one per scheduled wait.
 *
 * <p>Offices per region (就近办, 全市通办; 湖南方案 四(一) 委托受理、授权办理 下沉至乡镇、村(社区)): a department may
 * have its own settings for a division of the city, {@code departments.<code>.regions.<division code>:
 * {mode, endpoint, secret, maxInFlight, timeoutMs, maxAttempts, retrySchedule}}. Such an entry is a
 * {@code DispatchSettings} of its own with {@code region} set (and no {@code regions}); the department's
 * own ({@code region} null) serves every other region. A field an entry leaves out is the
 * department's own ({@code mode}, {@code secret}/{@code secrets}, {@code maxInFlight} (credits of its
 * own, the same number), {@code timeoutMs}, {@code maxAttempts}, {@code retrySchedule}), except
 * {@code endpoint}: an office is reached at its own address, so a push entry without one keeps its
 * items queued until configured (as a department without one does). Only divisions of the city in
 * the catalog's {@code regions.yaml} may have an entry (not the city itself: that is the department's
 * own settings); any other code stops the start with a configuration error naming its path.
 *
 * @param region  the division code this entry serves, or null for the department's own settings
 * @param regions the department's per-region entries by division code (empty for an entry itself)
 */
public record DispatchSettings(
    String department,
    String mode,
    String endpoint,
    List<String> secrets,
    int maxInFlight,
    int timeoutMs,
    int maxAttempts,
    List<Long> retryScheduleMs,
    String region,
    Map<String, DispatchSettings> regions) {

  /** The {@code region} metric tag of the department's own lane (it serves every region without an entry of its own). */
  public static final String OWN_LANE = "default";

  public static final int DEFAULT_MAX_IN_FLIGHT = 16;
  public static final int DEFAULT_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** The Standard Webhooks specification's shortest secret key, in bytes. */
  public static final int MIN_SECRET_BYTES = 24;
  /** Standard Webhooks' recommended retry schedule (after the immediate first attempt), in milliseconds. */
  public static final List<Long> DEFAULT_RETRY_SCHEDULE_MS =
      List.of(5_000L, 300_000L, 1_800_000L, 7_200_000L, 18_000_000L, 36_000_000L, 36_000_000L);

  /** Copies {@code secrets} (null counts as none) and the schedule (null: the default) so the record stays immutable. */
  public DispatchSettings {
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    retryScheduleMs = retryScheduleMs == null ? DEFAULT_RETRY_SCHEDULE_MS : List.copyOf(retryScheduleMs);
    regions = regions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(regions));
  }

  /** A department's own settings without offices per region. */
  public DispatchSettings(String department, String mode, String endpoint, List<String> secrets, int maxInFlight, int timeoutMs,
                          int maxAttempts, List<Long> retryScheduleMs) {
    this(department, mode, endpoint, secrets, maxInFlight, timeoutMs, maxAttempts, retryScheduleMs, null, Map.of());
  }

  /** These settings with {@code endpoint} and {@code secrets} in place of their own (the rest, regions included, kept). */
  public DispatchSettings reachedAt(String endpoint, List<String> secrets) {
    return new DispatchSettings(department, mode, endpoint, secrets, maxInFlight, timeoutMs, maxAttempts, retryScheduleMs, region, regions);
  }

  /** These settings with {@code regions} in place of their own entries. */
  public DispatchSettings withRegions(Map<String, DispatchSettings> regions) {
    return new DispatchSettings(department, mode, endpoint, secrets, maxInFlight, timeoutMs, maxAttempts, retryScheduleMs, region, regions);
  }

  /** A region entry for {@code region} with every field the department's own but the endpoint (none: see the class). */
  public DispatchSettings officeFor(String region) {
    return new DispatchSettings(department, mode, null, secrets, maxInFlight, timeoutMs, maxAttempts, retryScheduleMs, region, Map.of());
  }

  /**
   * The settings that serve items of {@code region} (a division code, or null: the city): the
   * region's own entry when there is one, else the department's own.
   */
  public DispatchSettings forRegion(String region) {
    DispatchSettings own = region == null ? null : regions.get(region);
    return own == null ? this : own;
  }

  /** Every lane of the department: its own settings first, then each region entry in configured order. */
  public List<DispatchSettings> lanes() {
    List<DispatchSettings> out = new ArrayList<>();
    out.add(this);
    out.addAll(regions.values());
    return out;
  }

  /** The division codes with an entry of their own (items of any other region are the department's own lane's). */
  public Set<String> regionCodes() {
    return regions.keySet();
  }

  /** The {@code region} tag of this lane's metrics: its division code, or {@value #OWN_LANE} for the department's own. */
  public String laneTag() {
    return region == null ? OWN_LANE : region;
  }

  /** A name for logs: {@code public-security} or {@code public-security@430481}. */
  public String lane() {
    return region == null ? department : department + "@" + region;
  }

  /** Settings for every catalog department; entries naming an unknown department are refused. */
  public static Map<String, DispatchSettings> read(ConfigNode section, Catalog catalog) {
    Map<String, DispatchSettings> out = new LinkedHashMap<>();
    for (String code : section.keys()) {
      if (catalog.department(code).isEmpty()) throw section.get(code).fail("unknown department " + code + " (not in the catalog)");
    }
    for (Department d : catalog.departments().values()) {
      ConfigNode n = section.optObj(d.code());
      DispatchSettings own = of(d.code(), n, d.dispatchMode(), null, null);
      out.put(d.code(), own.withRegions(regions(n, own, catalog.regions())));
    }
    return out;
  }

  /** {@code departments.<code>.regions}: each key a division of the city, each entry falling back to {@code own}. */
  private static Map<String, DispatchSettings> regions(ConfigNode n, DispatchSettings own, Regions known) {
    ConfigNode section = n.optObj("regions");
    Map<String, DispatchSettings> out = new LinkedHashMap<>();
    for (String code : section.keys()) {
      ConfigNode e = section.get(code);
      if (known == null) throw e.fail("the catalog lists no regions (regions.yaml), so no region entry can be configured");
      if (!Regions.wellFormed(code) || !known.local(code)) {
        throw e.fail("unknown division code " + code + ": a region entry must name a division of " + known.cityName() + " ("
            + known.city() + ") listed in the catalog's regions.yaml");
      }
      if (code.equals(known.city())) {
        throw e.fail("is the city itself (" + known.city() + "); the city's office is the department's own settings");
      }
      ConfigNode r = section.optObj(code);
      if (r.has("regions")) throw r.get("regions").fail("a region entry cannot have regions of its own");
      out.put(code, of(own.department(), r, own.mode(), own, code));
    }
    return out;
  }

  /**
   * The push settings of a federation peer ({@code federation.peers.<code>}: endpoint, secret or secrets,
   * maxInFlight, timeoutMs, maxAttempts, retrySchedule), checked by the rules of a department's; {@code name}
   * labels it (e.g. {@code peer-44}).
   */
  public static DispatchSettings peer(String name, ConfigNode n) {
    if (n.has("mode")) throw n.get("mode").fail("a federation peer is always pushed to; leave mode out");
    return of(name, n, "push", null, null);
  }

  /** {@code fallback}: the department's own settings a region entry inherits from (null for the department's own). */
  private static DispatchSettings of(String department, ConfigNode n, String defaultMode, DispatchSettings fallback, String region) {
    String mode = n.optStr("mode", defaultMode);
    if (!mode.equals("push") && !mode.equals("pull")) throw n.get("mode").fail("must be push or pull");
    String endpoint = n.optStr("endpoint", null);
    if (endpoint != null) {
      try {
        URI u = URI.create(endpoint);
        if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) throw new IllegalArgumentException();
      } catch (IllegalArgumentException e) {
        throw n.get("endpoint").fail("must be an http(s) URL");
      }
    }
    List<String> secrets = secrets(n);
    if (fallback != null && secrets.isEmpty()) secrets = fallback.secrets();
    for (String gone : List.of("backoffInitialMs", "backoffMaxMs")) {
      if (n.has(gone)) throw n.get(gone).fail("is replaced by retrySchedule (a list of waits, e.g. [5s, 5m, 30m, 2h, 5h, 10h, 10h])");
    }
    if (fallback == null) {
      return new DispatchSettings(department, mode, endpoint, secrets,
          positive(n, "maxInFlight", DEFAULT_MAX_IN_FLIGHT), positive(n, "timeoutMs", DEFAULT_TIMEOUT_MS),
          positive(n, "maxAttempts", DEFAULT_MAX_ATTEMPTS), retrySchedule(n));
    }
    return new DispatchSettings(department, mode, endpoint, secrets,
        positive(n, "maxInFlight", fallback.maxInFlight()), positive(n, "timeoutMs", fallback.timeoutMs()),
        positive(n, "maxAttempts", fallback.maxAttempts()), n.has("retrySchedule") ? retrySchedule(n) : fallback.retryScheduleMs(),
        region, Map.of());
  }

  /** {@code retrySchedule: [5s, 5m, ...]}: each a whole number with {@code ms}, {@code s}, {@code m} or {@code h}; the default when absent. */
  private static List<Long> retrySchedule(ConfigNode n) {
    if (!n.has("retrySchedule")) return DEFAULT_RETRY_SCHEDULE_MS;
    List<ConfigNode> listed = n.list("retrySchedule");
    if (listed.isEmpty()) throw n.get("retrySchedule").fail("must list at least one wait, e.g. [5s, 5m, 30m, 2h, 5h, 10h, 10h]");
    List<Long> out = new ArrayList<>();
    for (ConfigNode e : listed) {
      var m = e.raw() instanceof String text ? java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)").matcher(text.trim()) : null;
      if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw e.fail("must be a positive wait such as 500ms, 5s, 5m or 2h");
      }
      long unit = switch (m.group(2)) { case "ms" -> 1; case "s" -> 1_000; case "m" -> 60_000; default -> 3_600_000; };
      out.add(Long.parseLong(m.group(1)) * unit);
    }
    return out;
  }

  private static int positive(ConfigNode n, String key, int dflt) {
    long v = n.optInt(key, dflt);
    if (v < 1 || v > Integer.MAX_VALUE) throw n.get(key).fail("must be a positive whole number");
    return (int) v;
  }

  /** {@code secret: one} or {@code secrets: [new, old, ...]}; each checked, none twice. */
  private static List<String> secrets(ConfigNode n) {
    boolean one = n.get("secret").raw() != null;
    boolean several = n.get("secrets").raw() != null;
    if (one && several) {
      throw n.get("secrets").fail("give either secret (one) or secrets (a list, during a rotation), not both");
    }
    if (one) {
      if (!(n.get("secret").raw() instanceof String)) throw n.get("secret").fail("must be one whsec_ secret; list several under secrets");
      String secret = n.str("secret");
      checkSecret(n.get("secret"), secret);
      return List.of(secret);
    }
    if (!several) return List.of();
    List<ConfigNode> listed = n.list("secrets");
    if (listed.isEmpty()) throw n.get("secrets").fail("must list at least one whsec_ secret");
    List<String> out = new ArrayList<>();
    for (ConfigNode e : listed) {
      if (!(e.raw() instanceof String secret) || secret.isBlank()) throw e.fail("must be a whsec_ secret");
      checkSecret(e, secret);
      if (out.contains(secret)) throw e.fail("is listed twice");
      out.add(secret);
    }
    return out;
  }

  /** Standard Webhooks secrets are {@code whsec_} followed by base64 key bytes. */
  private static void checkSecret(ConfigNode n, String secret) {
    if (!secret.startsWith("whsec_")) throw n.fail("must start with whsec_ (Standard Webhooks)");
    try {
      int bytes = Base64.getDecoder().decode(secret.substring(6)).length;
      if (bytes < MIN_SECRET_BYTES) {
        throw n.fail("key is " + bytes + " bytes; Standard Webhooks needs at least " + MIN_SECRET_BYTES
            + " (make one with: echo whsec_$(openssl rand -base64 32))");
      }
    } catch (IllegalArgumentException e) {
      throw n.fail("must be whsec_ followed by base64");
    }
  }
}
