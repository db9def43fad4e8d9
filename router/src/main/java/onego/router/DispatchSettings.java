package onego.router;

import onego.domain.Catalog;
import onego.domain.ConfigNode;
import onego.domain.Department;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
public record DispatchSettings(
    String department,
    String mode,
    String endpoint,
    List<String> secrets,
    int maxInFlight,
    int timeoutMs,
    int maxAttempts,
    List<Long> retryScheduleMs) {

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
  }

  /** Settings for every catalog department; entries naming an unknown department are refused. */
  public static Map<String, DispatchSettings> read(ConfigNode section, Catalog catalog) {
    Map<String, DispatchSettings> out = new LinkedHashMap<>();
    for (String code : section.keys()) {
      if (catalog.department(code).isEmpty()) throw section.get(code).fail("unknown department " + code + " (not in the catalog)");
    }
    for (Department d : catalog.departments().values()) {
      ConfigNode n = section.optObj(d.code());
      out.put(d.code(), of(d, n));
    }
    return out;
  }

  private static DispatchSettings of(Department d, ConfigNode n) {
    return of(d.code(), d.dispatchMode(), n);
  }

  /**
   * The push settings of a federation peer ({@code federation.peers.<code>}: endpoint, secret or secrets,
   * maxInFlight, timeoutMs, maxAttempts, retrySchedule), checked by the rules of a department's; {@code name}
   * labels it (e.g. {@code peer-44}).
   */
  public static DispatchSettings peer(String name, ConfigNode n) {
    if (n.has("mode")) throw n.get("mode").fail("a federation peer is always pushed to; leave mode out");
    return of(name, "push", n);
  }

  private static DispatchSettings of(String code, String defaultMode, ConfigNode n) {
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
    for (String gone : List.of("backoffInitialMs", "backoffMaxMs")) {
      if (n.has(gone)) throw n.get(gone).fail("is replaced by retrySchedule (a list of waits, e.g. [5s, 5m, 30m, 2h, 5h, 10h, 10h])");
    }
    return new DispatchSettings(code, mode, endpoint, secrets,
        positive(n, "maxInFlight", DEFAULT_MAX_IN_FLIGHT), positive(n, "timeoutMs", DEFAULT_TIMEOUT_MS),
        positive(n, "maxAttempts", DEFAULT_MAX_ATTEMPTS), retrySchedule(n));
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
