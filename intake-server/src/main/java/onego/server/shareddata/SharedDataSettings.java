package onego.server.shareddata;

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
 * @param simulatedNotFound   dev only: the simulated platform answers 404 for ID numbers whose sequence digits (positions 15-17) are this
 */
public record SharedDataSettings(String url, long timeoutMs, long ttlSeconds, long negativeTtlSeconds, long staleSeconds, String keySalt,
                                 String simulatedNotFound) {

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
        range(n, "timeoutMs", 3_000, 50, 60_000),
        range(n, "ttlSeconds", 600, 1, 86_400),
        range(n, "negativeTtlSeconds", 60, 1, 86_400),
        range(n, "staleSeconds", 3_600, 0, 7 * 86_400),
        n.optStr("keySalt", null),
        notFound(n));
  }

  public SharedDataSettings withUrl(String u) {
    return new SharedDataSettings(u, timeoutMs, ttlSeconds, negativeTtlSeconds, staleSeconds, keySalt, simulatedNotFound);
  }

  private static String notFound(ConfigNode n) {
    String s = n.optStr("simulatedNotFound", "999");
    if (!s.matches("[0-9]{1,3}")) throw n.get("simulatedNotFound").fail("must be 1 to 3 digits");
    return s;
  }

  private static long range(ConfigNode n, String key, long dflt, long min, long max) {
    long v = n.optInt(key, dflt);
    if (v < min || v > max) throw n.get(key).fail("must be between " + min + " and " + max);
    return v;
  }
}
