package onego.server.web;

import onego.server.config.RateLimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Token buckets per caller, shared by every edge verticle of a node. Each check holds one
 * bucket's monitor for a few arithmetic operations; no I/O happens under it.
 */
public final class RateLimiter {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Function<Caller, RateLimit> limits;

  public RateLimiter(Function<Caller, RateLimit> limits) {
    this.limits = limits;
  }

  /** 0 when the call may go ahead, else the whole seconds to wait before trying again. */
  public long acquire(Caller caller, long nowNanos) {
    Bucket b = buckets.computeIfAbsent(caller.id(), k -> new Bucket(limits.apply(caller), nowNanos));
    return b.take(nowNanos);
  }

  /** Forgets callers idle for longer than {@code idleNanos}, so the map stays bounded. */
  public void evictIdle(long nowNanos, long idleNanos) {
    buckets.values().removeIf(b -> b.idleSince(nowNanos) > idleNanos);
  }

  public int size() { return buckets.size(); }

  private static final class Bucket {
    private final RateLimit limit;
    private double tokens;
    private long last;

    Bucket(RateLimit limit, long now) {
      this.limit = limit;
      this.tokens = limit.burst();
      this.last = now;
    }

    synchronized long take(long now) {
      tokens = Math.min(limit.burst(), tokens + (now - last) / 1e9 * limit.perSecond());
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / limit.perSecond()));
    }

    synchronized long idleSince(long now) { return now - last; }
  }
}
