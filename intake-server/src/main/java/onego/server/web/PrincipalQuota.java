package onego.server.web;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

/**
 * Open long-lived requests per principal ({@link Caller#id}: one API key, one JWT principal) on
 * this node: live streams (SSE and WebSocket together, {@code streams.maxPerPrincipal}, by role) or
 * long polls ({@code router.maxLongPollsPerPrincipal}). One over the limit is 429 RATE_LIMITED with
 * {@code Retry-After}; a slot is held until its release runs. Shared by every edge verticle.
 */
public final class PrincipalQuota {
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
  private final ToIntFunction<Caller> max;
  private final String what;
  private final int retryAfterSeconds;

  /** @param max the limit of a caller; {@code what} is counted, for the 429 message ("streams", "long polls") */
  public PrincipalQuota(ToIntFunction<Caller> max, String what, int retryAfterSeconds) {
    this.max = max;
    this.what = what;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Takes a slot for {@code caller}; the returned release frees it (once, however often it runs). Fails with 429 when full. */
  public Runnable acquire(Caller caller) {
    String id = caller.id();
    int limit = max.applyAsInt(caller);
    boolean[] taken = new boolean[1];
    open.compute(id, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= limit) return n;
      taken[0] = true;
      return now + 1;
    });
    if (!taken[0]) {
      throw new ApiError(429, "RATE_LIMITED", "at most " + limit + " open " + what + " per token on this server; close one first",
          List.of(), retryAfterSeconds);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) open.computeIfPresent(id, (k, n) -> n <= 1 ? null : n - 1);
    };
  }

  /** Slots {@code principal} holds now. */
  public int open(String principal) {
    return open.getOrDefault(principal, 0);
  }
}
