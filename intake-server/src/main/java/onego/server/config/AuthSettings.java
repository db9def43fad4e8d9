package onego.server.config;

import onego.domain.Catalog;
import onego.domain.ConfigNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Authentication ({@code auth:}): static API keys, the JWT keys and rules, and the limit on failed
 * attempts. Outside the dev profile a {@code dev-} key or one shorter than {@value #MIN_PROD_KEY_CHARS}
 * characters stops the start (see also {@link ProductionGuard}); in dev every department gets a
 * {@code dev-dept-<code>} key.
 *
 * @param jwtHs256Secret           HS256 secret, at least 32 characters; null = no HS256 tokens
 * @param jwtRs256PublicKey        RS256 public key in PEM; null = no RS256 tokens
 * @param jwtIssuer                when set, a JWT's {@code iss} must equal it
 * @param jwtAudience              when set, a JWT's {@code aud} (a string or an array) must contain it
 * @param jwtMaxLifetimeSeconds    a JWT must carry {@code exp}; {@code exp - iat} (or {@code exp - now} without
 *                                 {@code iat}) at most this many seconds
 * @param failedAuthPerAddress     presented credentials that fail, per client address and window, before that address
 *                                 gets 429 for the rest of the window
 * @param failedAuthWindowSeconds  the window of {@code failedAuthPerAddress}
 */
public record AuthSettings(List<ApiKey> apiKeys, String jwtHs256Secret, String jwtRs256PublicKey, String jwtIssuer,
                           String jwtAudience, long jwtMaxLifetimeSeconds, int failedAuthPerAddress, long failedAuthWindowSeconds) {
  /** Outside the dev profile API keys are at least this long (a guessable key is a shared password). */
  public static final int MIN_PROD_KEY_CHARS = 32;
  /** The roles of the contract ("Authentication and roles"). */
  public static final Set<String> ROLES = Set.of("channel", "applicant", "department", "hotline", "admin");
  /** The channels a channel token may name. */
  public static final Set<String> CHANNELS = Set.of("pc", "mobile", "miniprogram", "window", "kiosk", "hotline", "community");

  public static AuthSettings read(ConfigNode auth, String profile, Catalog catalog) {
    ConfigNode jwt = auth.optObj("jwt");
    String hs = jwt.optStr("hs256Secret", null);
    if (hs != null && hs.length() < 32) throw jwt.get("hs256Secret").fail("must be at least 32 characters");
    ConfigNode failed = auth.optObj("failedAttempts");
    return new AuthSettings(apiKeys(auth, profile, catalog), hs, jwt.optStr("rs256PublicKey", null), jwt.optStr("issuer", null),
        jwt.optStr("audience", null), jwt.range("maxLifetimeSeconds", 3_600, 60, 86_400),
        (int) failed.range("perAddress", 20, 1, 100_000), failed.range("windowSeconds", 60, 1, 86_400));
  }

  private static List<ApiKey> apiKeys(ConfigNode auth, String profile, Catalog catalog) {
    List<ApiKey> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode n : auth.list("apiKeys")) {
      String key = n.str("key");
      String name = n.optStr("name", key);
      String role = n.str("role");
      if (!ROLES.contains(role)) throw n.get("role").fail("must be one of " + ROLES);
      String channel = n.optStr("channel", null);
      String dept = n.optStr("department", null);
      String sub = n.optStr("sub", null);
      String region = n.optStr("region", null);
      if (region != null && (!role.equals("channel") || !catalog.regions().local(region))) {
        throw n.get("region").fail("only a channel key has a region, one of the catalog's regions.yaml (the city or a division)");
      }
      if (role.equals("channel") && (channel == null || !CHANNELS.contains(channel))) throw n.get("channel").fail("a channel key needs channel, one of " + CHANNELS);
      if (role.equals("department") && (dept == null || catalog.department(dept).isEmpty())) throw n.get("department").fail("a department key needs a catalog department code");
      if (role.equals("applicant") && sub == null) throw n.get("sub").fail("an applicant key needs sub (the ID number)");
      if (!profile.equals("dev") && (key.startsWith("dev-") || name.startsWith("dev-"))) {
        throw n.get("key").fail("dev- keys are allowed only in the dev profile; remove them to run as " + profile);
      }
      if (key.length() < 8) throw n.get("key").fail("must be at least 8 characters");
      if (!profile.equals("dev") && key.length() < MIN_PROD_KEY_CHARS) {
        throw n.get("key").fail("must be at least " + MIN_PROD_KEY_CHARS + " characters outside the dev profile (e.g. openssl rand -hex 24)");
      }
      if (!seen.add(key)) throw n.get("key").fail("duplicate API key");
      out.add(new ApiKey(name, key, role, channel, dept, sub, region));
    }
    if (profile.equals("dev")) {
      for (String dept : catalog.departments().keySet()) {
        String k = "dev-dept-" + dept;
        if (seen.add(k)) out.add(new ApiKey(k, k, "department", null, dept, null, null));
      }
    }
    return List.copyOf(out);
  }
}
