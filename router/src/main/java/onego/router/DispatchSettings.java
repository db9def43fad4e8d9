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
 * or {@code secrets: [whsec_new, whsec_old]} (during a rotation), never both.
 */
public record DispatchSettings(
    String department,
    String mode,
    String endpoint,
    List<String> secrets,
    int maxInFlight,
    int timeoutMs,
    int maxAttempts,
    long backoffInitialMs,
    long backoffMaxMs) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 16;
  public static final int DEFAULT_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** Copies {@code secrets} (null counts as none) so the record stays immutable. */
  public DispatchSettings {
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
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
    String mode = n.optStr("mode", d.dispatchMode());
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
    return new DispatchSettings(d.code(), mode, endpoint, secrets,
        positive(n, "maxInFlight", DEFAULT_MAX_IN_FLIGHT), positive(n, "timeoutMs", DEFAULT_TIMEOUT_MS),
        positive(n, "maxAttempts", DEFAULT_MAX_ATTEMPTS),
        positive(n, "backoffInitialMs", 1_000), positive(n, "backoffMaxMs", 300_000));
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
      if (Base64.getDecoder().decode(secret.substring(6)).length < 16) throw n.fail("key must be at least 16 bytes");
    } catch (IllegalArgumentException e) {
      throw n.fail("must be whsec_ followed by base64");
    }
  }
}
