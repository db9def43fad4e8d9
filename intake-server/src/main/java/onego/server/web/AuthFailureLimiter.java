package onego.server.web;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications (a token was presented and refused) per client address in fixed
 * windows; an address that reached the limit gets 429 for the rest of its window, valid token or
 * not, so keys and secrets cannot be guessed at request rate. Shared by every edge verticle of a
 * node; each check holds one window's monitor for a few operations.
 */
public final class AuthFailureLimiter {
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final int limit;
  private final long windowNanos;

  /** @param limit failures per address and window ({@code auth.failedAttempts.perAddress}); {@code windowNanos} the window */
  public AuthFailureLimiter(int limit, long windowNanos) {
    this.limit = limit;
    this.windowNanos = windowNanos;
  }

  /** 0 when {@code address} may try to authenticate, else the whole seconds until its window ends. */
  public long blockedSeconds(String address, long nowNanos) {
    Window w = windows.get(address);
    return w == null ? 0 : w.blockedSeconds(nowNanos);
  }

  /** Records one failed authentication from {@code address}. */
  public void failed(String address, long nowNanos) {
    windows.computeIfAbsent(address, a -> new Window(nowNanos)).add(nowNanos);
  }

  /** Forgets windows that ended, so the map stays bounded by the addresses of one window. */
  public void evictExpired(long nowNanos) {
    windows.values().removeIf(w -> w.ended(nowNanos));
  }

  public int size() { return windows.size(); }

  private final class Window {
    private long start;
    private int failures;

    Window(long now) { this.start = now; }

    synchronized void add(long now) {
      if (now - start >= windowNanos) {
        start = now;
        failures = 0;
      }
      failures++;
    }

    synchronized long blockedSeconds(long now) {
      long left = start + windowNanos - now;
      if (failures < limit || left <= 0) return 0;
      return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    synchronized boolean ended(long now) { return now - start >= windowNanos; }
  }
}
