package onego.router.federation;

import onego.domain.ConfigNode;
import onego.router.DispatchSettings;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * 跨省通办 between OneGo platforms (衡阳方案 办证: 身份证 遗失补领、到期换领 "跨省通办"; 湖南方案 三(一)3):
 * the {@code federation:} section, {@code {self: "<2-digit province code>", peers: {"<code>": {endpoint,
 * secret | secrets, maxInFlight, timeoutMs, maxAttempts, retrySchedule}}}}. {@code self} must be the
 * catalog's province ({@code regions.yaml}); a peer's {@code endpoint} is the base URL of that province's
 * platform (its API is under {@code /api/v1}); its secrets ({@code whsec_...}, the rules of a department's)
 * sign what this platform sends it (handoffs, status reports) and verify what it sends here.
 * Without the section (or without peers) nothing is federated.
 *
 * @param self             this platform's province code, or null when the section is absent
 * @param peers            province code → push settings (named {@code peer-<code>})
 * @param toleranceSeconds how far a signed message's {@code webhook-timestamp} may be from now (Standard Webhooks: 5 min)
 */
public record FederationSettings(String self, Map<String, DispatchSettings> peers, int toleranceSeconds) {
  public static final int DEFAULT_TOLERANCE_SECONDS = 300;

  public FederationSettings {
    peers = Map.copyOf(peers);
  }

  /** No federation: every region is this platform's. */
  public static FederationSettings none() {
    return new FederationSettings(null, Map.of(), DEFAULT_TOLERANCE_SECONDS);
  }

  /** The peers' province codes. */
  public Set<String> peerProvinces() {
    return peers.keySet();
  }

  public boolean enabled() {
    return !peers.isEmpty();
  }

  /**
   * Reads {@code section} for a catalog of province {@code province}; fails with a config error naming
   * the setting when {@code self} is not that province, a peer's code is not 2 digits or is {@code self},
   * or a peer has no http(s) endpoint or no secret.
   */
  public static FederationSettings read(ConfigNode section, String province) {
    if (section.raw() == null || section.keys().isEmpty()) return none();
    String self = section.optStr("self", null);
    if (self == null) throw section.get("self").fail("is required: this platform's 2-digit province code (" + province + ")");
    if (!self.equals(province)) {
      throw section.get("self").fail("must be this platform's province " + province + " (regions.yaml), not " + self);
    }
    Map<String, DispatchSettings> peers = new LinkedHashMap<>();
    ConfigNode listed = section.optObj("peers");
    for (Object key : listed.map().keySet()) {
      if (!(key instanceof String code)) throw listed.fail("peer codes must be quoted text, e.g. \"44\": (found " + key + ")");
      ConfigNode n = listed.get(code);
      if (!code.matches("[1-9][0-9]")) throw n.fail("a peer is named by its 2-digit province code, e.g. \"44\"");
      if (code.equals(self)) throw n.fail("is this platform's own province");
      if (!n.isMap()) throw n.fail("must be {endpoint, secret, ...}");
      DispatchSettings s = DispatchSettings.peer("peer-" + code, n);
      if (s.endpoint() == null) throw n.get("endpoint").fail("is required: the base URL of province " + code + "'s platform");
      if (s.secrets().isEmpty()) throw n.get("secret").fail("is required: the whsec_ secret shared with province " + code + "'s platform");
      URI u = URI.create(s.endpoint());
      if (u.getRawQuery() != null) throw n.get("endpoint").fail("must be a base URL without a query");
      peers.put(code, s);
    }
    int tolerance = (int) section.range("toleranceSeconds", DEFAULT_TOLERANCE_SECONDS, 30, 3600);
    return new FederationSettings(self, peers, tolerance);
  }

  /** {@code <endpoint>/api/v1<path>} of peer {@code code}. */
  public String url(String code, String path) {
    String base = peers.get(code).endpoint();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return base + "/api/v1" + path;
  }
}
