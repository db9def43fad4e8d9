package onego.router.store;

import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Transactions} against PostgreSQL, on a pool of one connection that caches its prepared
 * statements as a node's does, and a table of its own (dropped after each test): a column type
 * changed under a cached statement fails a plain transaction ({@link DatabaseFault#STALE_PLAN}),
 * and the same transaction through {@link Transactions} prepares it again and commits.
 */
class TransactionsTest {
  private final String table = "stale_plan_probe_" + Long.toHexString(System.nanoTime());
  private Pool pool;

  @BeforeEach
  void open() {
    StoreTestDatabase.sql("CREATE TABLE " + table + " (id int PRIMARY KEY, note text)");
    StoreTestDatabase.sql("INSERT INTO " + table + " VALUES (1, 'first')");
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(StoreTestDatabase.pgUrl()).setCachePreparedStatements(true))
        .using(StoreTestDatabase.vertx()).build();
  }

  @AfterEach
  void close() {
    if (pool != null) Await.result(pool.close());
    StoreTestDatabase.sql("DROP TABLE IF EXISTS " + table);
  }

  private Future<String> readAndWrite(io.vertx.sqlclient.SqlConnection conn, AtomicInteger runs) {
    runs.incrementAndGet();
    return conn.preparedQuery("SELECT id, note FROM " + table + " WHERE id = $1").execute(Tuple.of(1))
        .compose(rs -> conn.preparedQuery("UPDATE " + table + " SET note = $1 WHERE id = 1").execute(Tuple.of("run " + runs.get()))
            .map(rs.iterator().next().getString("note")));
  }

  private String plain(AtomicInteger runs) {
    Future<String> f = pool.withTransaction(conn -> readAndWrite(conn, runs));
    return Await.result(f);
  }

  @Test
  void aStatementWhoseCachedPlanWentStaleIsPreparedAgainAndTheTransactionRetriedOnce() {
    AtomicInteger runs = new AtomicInteger();
    assertThat(plain(runs)).isEqualTo("first");

    StoreTestDatabase.sql("ALTER TABLE " + table + " ALTER COLUMN note TYPE varchar(200)");
    Future<String> stale = pool.withTransaction(conn -> readAndWrite(conn, runs));
    Throwable plain = Await.failure(stale);
    assertThat(DatabaseFault.of(plain)).as("without the retry: %s", plain).isEqualTo(DatabaseFault.STALE_PLAN);
    assertThat(plain(runs)).as("cached again, for the new type").isEqualTo("run 1");

    StoreTestDatabase.sql("ALTER TABLE " + table + " ALTER COLUMN note TYPE text");
    runs.set(0);
    Future<String> retried = Transactions.withTransaction(pool, conn -> readAndWrite(conn, runs));
    assertThat(Await.result(retried)).isEqualTo("run 3");
    assertThat(runs.get()).as("the stale run and its retry").isEqualTo(2);
    assertThat(StoreTestDatabase.column("SELECT note FROM " + table)).containsExactly("run 2");
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger runs = new AtomicInteger();
    Throwable e = Await.failure(Transactions.withTransaction(pool, conn -> {
      runs.incrementAndGet();
      return conn.query("SELECT 1/0").execute();
    }));
    assertThat(DatabaseFault.of(e)).isEqualTo(DatabaseFault.REFUSED_DATA);   // 22012 division_by_zero
    assertThat(runs.get()).isEqualTo(1);
    assertThat(Await.result(Transactions.withTransaction(pool, conn -> conn.query("SELECT 1").execute())).size())
        .as("the connection is usable after the rollback").isEqualTo(1);
  }

  @Test
  void writingInAReadOnlySessionIsTheDatabaseUnavailable() {
    Throwable e = Await.failure(Transactions.withTransaction(pool, conn -> conn.query("SET TRANSACTION READ ONLY").execute()
        .compose(r -> conn.preparedQuery("UPDATE " + table + " SET note = 'x'").execute())));
    assertThat(DatabaseFault.of(e)).as("%s", e).isEqualTo(DatabaseFault.UNAVAILABLE);
  }
}
