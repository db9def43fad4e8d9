package onego.server.web;

import io.vertx.core.http.StreamResetException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a lost dependency from a bug, by the type of the failure or of one of its causes: a
 * connection refused, closed or timed out (PostgreSQL, Redis, a platform over HTTP) is the
 * contract's 503; anything else is not.
 */
public final class Unavailable {
  private Unavailable() {}

  public static boolean is(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
          || t instanceof StreamResetException || t instanceof io.lettuce.core.RedisConnectionException
          || t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }
}
