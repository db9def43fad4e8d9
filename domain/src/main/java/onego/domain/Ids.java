package onego.domain;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): new rows land at the right edge of the primary key
 * index instead of all over it, which keeps inserts cheap as tables grow.
 */
public final class Ids {
  private Ids() {}

  public static UUID newId() {
    long ms = System.currentTimeMillis();
    SecureRandom random = SecureRandoms.current();
    long rand = random.nextLong();
    long msb = (ms << 16) | 0x7000L | ((rand >>> 52) & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
