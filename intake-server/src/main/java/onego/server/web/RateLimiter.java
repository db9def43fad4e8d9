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

  /**
   * One check's outcome. {@code waitSeconds}: 0 when the call may go ahead, else the whole
   * seconds to wait (the answer's {@code Retry-After}); {@code limit}: the caller's bucket;
   * {@code remaining}: whole requests the bucket holds after this one; {@code resetSeconds}: whole
   * seconds until it is full again (0 when full).
   */
  public record Decision(long waitSeconds, RateLimit limit, long remaining, long resetSeconds) {
    /** The seconds a full bucket takes to refill from empty: the window {@code burst} requests are measured over. */
    public long windowSeconds() {
      return Math.max(1, (long) Math.ceil(limit.burst() / limit.perSecond()));
    }
  }

  public RateLimiter(Function<Caller, RateLimit> limits) {
    this.limits = limits;
  }

  /** Takes one request from the caller's bucket if it holds one. */
  public Decision acquire(Caller caller, long nowNanos) {
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

    synchronized Decision take(long now) {
      tokens = Math.min(limit.burst(), tokens + (now - last) / 1e9 * limit.perSecond());
      last = now;
      long wait = 0;
      if (tokens >= 1) tokens -= 1;
      else wait = Math.max(1, (long) Math.ceil((1 - tokens) / limit.perSecond()));
      long reset = (long) Math.ceil((limit.burst() - tokens) / limit.perSecond());
      return new Decision(wait, limit, (long) Math.floor(tokens), reset);
    }

    synchronized long idleSince(long now) { return now - last; }
  }
}
