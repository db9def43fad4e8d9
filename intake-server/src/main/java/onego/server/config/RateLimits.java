package onego.server.config;

import onego.domain.ConfigNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Token buckets per token ({@code rateLimit:}): a default, and one per role where configured. */
public record RateLimits(RateLimit defaultLimit, Map<String, RateLimit> roles) {
  private static final RateLimit FALLBACK = new RateLimit(100, 200);

  public static RateLimits read(ConfigNode n, Set<String> knownRoles) {
    Map<String, RateLimit> roles = new HashMap<>();
    ConfigNode r = n.optObj("roles");
    for (String role : r.keys()) {
      if (!knownRoles.contains(role)) throw r.get(role).fail("unknown role " + role);
      roles.put(role, limit(r.obj(role), FALLBACK));
    }
    return new RateLimits(limit(n.optObj("default"), FALLBACK), Map.copyOf(roles));
  }

  /** The limit of a token of {@code role}. */
  public RateLimit forRole(String role) {
    return roles.getOrDefault(role, defaultLimit);
  }

  private static RateLimit limit(ConfigNode n, RateLimit dflt) {
    double per = n.optNumber("perSecond", dflt.perSecond());
    double burst = n.optNumber("burst", Math.max(dflt.burst(), per));
    if (per <= 0) throw n.get("perSecond").fail("must be positive");
    if (burst < 1) throw n.get("burst").fail("must be at least 1");
    return new RateLimit(per, burst);
  }
}
