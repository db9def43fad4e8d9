package onego.server.config;

import onego.domain.Catalog;
import onego.domain.ConfigNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Authentication ({@code auth:}): static API keys and the JWT keys (HS256 secret, RS256 public key
 * in PEM, the required issuer). Outside the dev profile a {@code dev-} key stops the start; in dev
 * every department gets a {@code dev-dept-<code>} key.
 */
public record AuthSettings(List<ApiKey> apiKeys, String jwtHs256Secret, String jwtRs256PublicKey, String jwtIssuer) {
  /** The roles of the contract ("Authentication and roles"). */
  public static final Set<String> ROLES = Set.of("channel", "applicant", "department", "hotline", "admin");
  /** The channels a channel token may name. */
  public static final Set<String> CHANNELS = Set.of("pc", "mobile", "miniprogram", "window", "kiosk", "hotline", "community");

  public static AuthSettings read(ConfigNode auth, String profile, Catalog catalog) {
    ConfigNode jwt = auth.optObj("jwt");
    String hs = jwt.optStr("hs256Secret", null);
    if (hs != null && hs.length() < 32) throw jwt.get("hs256Secret").fail("must be at least 32 characters");
    return new AuthSettings(apiKeys(auth, profile, catalog), hs, jwt.optStr("rs256PublicKey", null), jwt.optStr("issuer", null));
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
