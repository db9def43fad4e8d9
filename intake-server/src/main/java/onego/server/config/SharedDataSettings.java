package onego.server.config;

import onego.domain.ConfigNode;

/**
 * The shared-data platform (数据共享) and its Redis cache ({@code sharedData:} in the configuration).
 *
 * @param url                 the platform's base URL; null in dev = the simulated platform, elsewhere = prefill and
 *                            e-certificate checks answer 503
 * @param timeoutMs           one platform call at most this long
 * @param ttlSeconds          a fetched record is fresh this long (it holds personal data: keep it short)
 * @param negativeTtlSeconds  a "not found" is remembered this long
 * @param staleSeconds        past its TTL a record is kept this much longer, served (marked stale) only when the platform fails
 * @param keySalt             mixed into the SHA-256 of ID numbers and certificate refs that make the cache keys; null = plain SHA-256
 */
public record SharedDataSettings(String url, long timeoutMs, long ttlSeconds, long negativeTtlSeconds, long staleSeconds, String keySalt) {

  public static SharedDataSettings read(ConfigNode n) {
    String url = n.optStr("url", null);
    if (url != null) {
      try {
        java.net.URI u = java.net.URI.create(url);
        if (u.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) throw new IllegalArgumentException();
      } catch (IllegalArgumentException e) {
        throw n.get("url").fail("must look like http(s)://host:port/base");
      }
      while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
    }
    return new SharedDataSettings(
        url,
        n.range("timeoutMs", 3_000, 50, 60_000),
        n.range("ttlSeconds", 600, 1, 86_400),
        n.range("negativeTtlSeconds", 60, 1, 86_400),
        n.range("staleSeconds", 3_600, 0, 7 * 86_400),
        n.optStr("keySalt", null));
  }

  public SharedDataSettings withUrl(String u) {
    return new SharedDataSettings(u, timeoutMs, ttlSeconds, negativeTtlSeconds, staleSeconds, keySalt);
  }

}
