package onego.router.store;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * What a failure of a PostgreSQL statement means, the one classification every store, the intake
 * group commit and the web edge's error mapping use ({@code openapi.yaml}, its error responses: a 503 with
 * {@code Retry-After} when a dependency is down; a 500 is a bug):
 * <ul>
 *   <li>{@link #UNAVAILABLE}: the database cannot serve now; retry later (503). A connection that
 *       could not be opened, was closed or reset with the statement in flight (a socket error) (a restart,
 *       {@code pg_terminate_backend}), and the SQLSTATEs of a server that is going away, starting,
 *       out of resources or rolled the transaction back: classes 08 (connection exception),
 *       40 (transaction rollback: serialization, deadlock), 53 (insufficient resources),
 *       57 (operator intervention: 57P01 admin_shutdown, 57P03 cannot_connect_now, 57014 a
 *       cancelled statement), and 25006 read_only_sql_transaction: what writing to a standby
 *       looks like during a failover. Also the node's own pool when its wait queue is full
 *       ({@code ConnectionPoolTooBusyException}: every connection busy and too many waiting).</li>
 *   <li>{@link #STALE_PLAN}: SQLSTATE 0A000 "cached plan must not change result type": a migration
 *       changed a column's type under a statement this connection had prepared. The client has
 *       already dropped that statement from the connection's cache, so the same statement on the
 *       same connection is prepared again ({@link Transactions} retries once); should it still
 *       fail, it is answered like {@link #UNAVAILABLE}.</li>
 *   <li>{@link #REFUSED_DATA}: the database refused the data it was given, class 22 (data
 *       exception: text it cannot store, a value out of range) or 23514 (a check constraint): the
 *       caller's data once the failing request is known (intake answers 422 for that submission).</li>
 *   <li>{@link #BUG}: anything else, including failures that are not the database's.</li>
 * </ul>
 */
public enum DatabaseFault {
  UNAVAILABLE, STALE_PLAN, REFUSED_DATA, BUG;

  /**
   * The messages of the failures the client gives commands queued on a connection that closed
   * under them: plain {@link VertxException}s without a type of their own.
   */
  private static final String[] CLOSED_CONNECTION_MESSAGES = {
      "Pending requests failed to be sent due to connection has been closed",
      "Connection is not active now",
  };

  /** Netty's native transports' socket errors ("Connection reset by peer"), named so as not to need the transport on the class path. */
  private static final String NATIVE_IO_EXCEPTION = "io.netty.channel.unix.Errors$NativeIoException";

  /**
   * Whether {@code f} says the pool itself was closed ("Pool closed"): the node is stopping (or a failed start
   * closes what it opened) and a timer's query met the closed pool. Not news for an operator: the node's own
   * stop is logged, so callers log this at DEBUG.
   */
  public static boolean poolClosed(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause()) if ("Pool closed".equals(t.getMessage())) return true;
    return false;
  }

  /** The kind of {@code f}, looking at it and its causes; {@link #BUG} for {@code null}. */
  public static DatabaseFault of(Throwable f) {
    PgException pg = pgException(f);
    if (pg != null) return ofSqlState(pg.getSqlState(), pg.getErrorMessage());
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof ClosedConnectionException || t instanceof SocketException || t instanceof ClosedChannelException
          || t instanceof io.netty.channel.ConnectTimeoutException || t.getClass().getName().equals(NATIVE_IO_EXCEPTION)
          || t instanceof ConnectionPoolTooBusyException) {
        return UNAVAILABLE;
      }
      if (t instanceof VertxException && t.getMessage() != null) {
        for (String m : CLOSED_CONNECTION_MESSAGES) if (t.getMessage().startsWith(m)) return UNAVAILABLE;
      }
    }
    return BUG;
  }

  /** The kind of a server error with SQLSTATE {@code state} and primary message {@code message} (either may be null). */
  static DatabaseFault ofSqlState(String state, String message) {
    if (state == null) return BUG;
    if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57") || state.equals("25006")) {
      return UNAVAILABLE;
    }
    if (state.equals("0A000") && message != null && message.startsWith("cached plan must not change result type")) return STALE_PLAN;
    if (state.startsWith("22") || state.equals("23514")) return REFUSED_DATA;
    return BUG;
  }

  /** Whether a client should retry later (503): {@link #UNAVAILABLE}, or a {@link #STALE_PLAN} left after the retry. */
  public boolean retryLater() {
    return this == UNAVAILABLE || this == STALE_PLAN;
  }

  /** The server's error behind {@code f} (itself or a cause), or null when the server said nothing. */
  public static PgException pgException(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause()) if (t instanceof PgException pg) return pg;
    return null;
  }
}
