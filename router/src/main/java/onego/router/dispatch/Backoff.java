package onego.router.dispatch;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: attempt n waits a random time between half and all of min(max, initial * 2^(n-1)). */
public final class Backoff {
  private Backoff() {}

  public static long delayMs(int attempt, long initialMs, long maxMs) {
    double ceiling = Math.min((double) maxMs, initialMs * Math.pow(2, Math.max(0, attempt - 1)));
    return (long) (ceiling / 2 + ThreadLocalRandom.current().nextDouble() * ceiling / 2);
  }
}
