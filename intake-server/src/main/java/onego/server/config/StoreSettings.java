package onego.server.config;

import onego.domain.ConfigNode;

import java.net.URI;
import java.util.Base64;

/**
 * Where the data lives ({@code postgres:} and {@code redis:}). A null URL means "not configured":
 * the production node refuses to start without both; the dev runner starts embedded ones.
 *
 * @param pgUrl              {@code postgresql://user:pass@host:port/db} ({@code ONEGO_PG_URL})
 * @param pgPoolSize         connections in the node's pool
 * @param redisUrl           {@code redis://host:port}, with a password {@code redis://:password@host:port} (or
 *                           {@code user:password}), over TLS {@code rediss://...} ({@code ONEGO_REDIS_URL})
 * @param redisEncryptionKey the AES-256 key (base64 of 32 bytes) that encrypts personal data cached in Redis
 *                           ({@code redis.encryptionKey}); null = none configured (required outside dev, see
 *                           {@link ProductionGuard}; dev then uses a random key per process)
 */
public record StoreSettings(String pgUrl, int pgPoolSize, String redisUrl, String redisEncryptionKey) {
  /** Bytes of {@code redis.encryptionKey} once decoded (AES-256). */
  public static final int ENCRYPTION_KEY_BYTES = 32;

  public static StoreSettings read(ConfigNode pg, ConfigNode redis) {
    String pgUrl = pg.optStr("url", null);
    if (pgUrl != null) checkUrl(pg.get("url"), pgUrl, new String[] {"postgresql://"}, "postgresql://user:pass@host:port/db");
    String redisUrl = redis.optStr("url", null);
    if (redisUrl != null) {
      checkUrl(redis.get("url"), redisUrl, new String[] {"redis://", "rediss://"}, "redis://host:port, redis://:password@host:port or rediss://...");
    }
    String key = redis.optStr("encryptionKey", null);
    if (key != null) checkKey(redis.get("encryptionKey"), key);
    return new StoreSettings(pgUrl, (int) pg.range("poolSize", 8, 1, 200), redisUrl, key);
  }

  public StoreSettings withUrls(String pg, String redis) {
    return new StoreSettings(pg, pgPoolSize, redis, redisEncryptionKey);
  }

  private static void checkUrl(ConfigNode n, String url, String[] schemes, String example) {
    boolean known = false;
    for (String s : schemes) known |= url.startsWith(s);
    if (!known) throw n.fail("must look like " + example);
    try {
      if (URI.create(url).getHost() == null) throw n.fail("must look like " + example);
    } catch (IllegalArgumentException e) {
      throw n.fail("must look like " + example);
    }
  }

  private static void checkKey(ConfigNode n, String key) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(key.trim());
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != ENCRYPTION_KEY_BYTES) {
      throw n.fail("must be " + ENCRYPTION_KEY_BYTES + " random bytes in base64 (44 characters); make one with: openssl rand -base64 32");
    }
  }
}
