package onego.server.web;

import io.vertx.core.http.StreamResetException;
import onego.router.store.DatabaseFault;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a lost dependency from a bug, by the type of the failure or of one of its causes: a
 * connection refused, closed or timed out (PostgreSQL, Redis, a platform over HTTP), and whatever
 * {@link DatabaseFault} says to retry later (PostgreSQL read-only, restarting, terminating
 * connections, a stale cached plan left after its retry) is the contract's 503; anything else is not.
 */
public final class Unavailable {
  private Unavailable() {}

  /** Whether {@code f} (or a cause) is a dependency that is down or going away: answer 503 with {@code Retry-After}. */
  public static boolean is(Throwable f) {
    if (DatabaseFault.of(f).retryLater()) return true;
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof TimeoutException
          || t instanceof StreamResetException || t instanceof io.lettuce.core.RedisConnectionException
          || t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }
}
