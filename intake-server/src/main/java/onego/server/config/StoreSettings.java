package onego.server.config;

import onego.domain.ConfigNode;

import java.net.URI;

/**
 * Where the data lives ({@code postgres:} and {@code redis:}). A null URL means "not configured":
 * the production node refuses to start without both; the dev runner starts embedded ones.
 *
 * @param pgUrl      {@code postgresql://user:pass@host:port/db} ({@code ONEGO_PG_URL})
 * @param pgPoolSize connections in the node's pool
 * @param redisUrl   {@code redis://host:port} ({@code ONEGO_REDIS_URL})
 */
public record StoreSettings(String pgUrl, int pgPoolSize, String redisUrl) {
  public static StoreSettings read(ConfigNode pg, ConfigNode redis) {
    String pgUrl = pg.optStr("url", null);
    if (pgUrl != null) checkUrl(pg.get("url"), pgUrl, "postgresql://", "postgresql://user:pass@host:port/db");
    String redisUrl = redis.optStr("url", null);
    if (redisUrl != null) checkUrl(redis.get("url"), redisUrl, "redis://", "redis://host:port");
    return new StoreSettings(pgUrl, (int) pg.range("poolSize", 8, 1, 200), redisUrl);
  }

  public StoreSettings withUrls(String pg, String redis) {
    return new StoreSettings(pg, pgPoolSize, redis);
  }

  private static void checkUrl(ConfigNode n, String url, String scheme, String example) {
    if (!url.startsWith(scheme)) throw n.fail("must look like " + example);
    try {
      if (URI.create(url).getHost() == null) throw n.fail("must look like " + example);
    } catch (IllegalArgumentException e) {
      throw n.fail("must look like " + example);
    }
  }
}
