package onego.router.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.TransactionRollbackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * {@link Pool#withTransaction} that survives a migration: when a statement's cached plan went stale
 * ({@link DatabaseFault#STALE_PLAN}, a column type changed under the running node), the
 * transaction is rolled back and run once more on the same connection, where the client has
 * dropped the stale statement, so it is prepared again (on another connection of the pool it
 * could meet its own stale copy). Any other failure, or a second stale plan, fails as it came.
 */
public final class Transactions {
  private static final Logger log = LoggerFactory.getLogger(Transactions.class);

  private Transactions() {}

  /**
   * Runs {@code work} in a transaction on one connection of {@code pool}: commit when it
   * succeeds, roll back when it fails (or throws); run again once after a stale plan. {@code work}
   * may run twice, so it must keep nothing of a failed run (the second run starts from the database).
   */
  public static <T> Future<T> withTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> once(conn, work).recover(e -> {
      if (DatabaseFault.of(e) != DatabaseFault.STALE_PLAN) return Future.failedFuture(e);
      log.warn("a cached statement plan went stale (a column type changed?); preparing it again and retrying the transaction once");
      return once(conn, work);
    }));
  }

  private static <T> Future<T> once(SqlConnection conn, Function<SqlConnection, Future<T>> work) {
    return conn.begin().compose(tx -> run(conn, work).compose(
        r -> tx.commit().map(r),
        e -> e instanceof TransactionRollbackException ? Future.failedFuture(e) : ended(tx).transform(x -> Future.failedFuture(e))));
  }

  /** Rolls back (a failed statement may have ended the transaction already) and waits for it to end. */
  private static Future<Void> ended(Transaction tx) {
    return tx.rollback().transform(x -> tx.completion()).transform(x -> Future.succeededFuture());
  }

  private static <T> Future<T> run(SqlConnection conn, Function<SqlConnection, Future<T>> work) {
    try {
      return work.apply(conn);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
