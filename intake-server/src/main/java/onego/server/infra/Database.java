package onego.server.infra;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL side: Flyway migrations (JDBC, run once before any verticle) and the reactive pool. */
public final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /** Requests that may wait for a connection of the pool. */
  public static final int MAX_WAITERS = 10_000;

  private Database() {}

  /**
   * Applies the migrations, then warns when the server runs without autovacuum; blocking, so call
   * it before Vert.x serves anything or on a worker.
   */
  public static void migrate(String pgUrl) {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway flyway = Flyway.configure()
        .dataSource(jdbc, o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load();
    flyway.migrate();
    warnWithoutAutovacuum(flyway.getConfiguration().getDataSource());
  }

  /**
   * Without autovacuum nothing re-analyzes the tables, so a plan the server cached for a prepared
   * statement while a table was nearly empty (a sequential scan) is never replanned: measured on a
   * fresh database, the hotline view refresh went from 0.05 ms to 40 ms per call within minutes.
   */
  private static void warnWithoutAutovacuum(DataSource ds) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW autovacuum")) {
      if (rs.next() && !"on".equals(rs.getString(1))) {
        log.warn("PostgreSQL runs with autovacuum off: cached query plans of growing tables go stale (sequential scans); "
            + "turn it on, or run ANALYZE after loading data and regularly");
      }
    } catch (SQLException e) {
      log.warn("could not read PostgreSQL's autovacuum setting: {}", e.getMessage());
    }
  }

  /**
   * One pool shared by every verticle of this node; prepared statements cached per connection. A
   * cached statement whose plan a migration made stale is dropped by the client when it fails
   * (case-log transactions then run again once: {@code onego.router.store.Transactions}); a
   * connection that PostgreSQL ends is replaced by a new one on demand.
   */
  public static Pool pool(Vertx vertx, String pgUrl, int size) {
    PgConnectOptions connect = PgConnectOptions.fromUri(pgUrl)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    return PgBuilder.pool()
        .with(poolOptions(size))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * The node's pool: {@code size} connections, at most {@value #MAX_WAITERS} requests waiting for one
   * (beyond that a request fails at once with the client's {@code ConnectionPoolTooBusyException}, a 503
   * by {@code DatabaseFault}), and no acquisition timeout. The client's default (30 s) arms a timer per
   * waiter, and in vertx-sql-client 5.0.7 that timer can fire while the pool is handing the waiter a
   * connection: the request then fails with a bare "Timeout" (a 500) and the timer's second completion
   * throws {@code IllegalStateException: Promise already completed} (eclipse-vertx/vertx-sql-client#1567,
   * fixed by #1620/#1621 after 5.0.7). The bounds on waiting are the queue's length, intake's
   * {@code maxPending} (503 OVERLOADED before a submission reaches the pool) and every API request's
   * deadline ({@code http.requestTimeoutSeconds}, {@code onego.server.web.RequestDeadline}), not a pool timer.
   */
  public static PoolOptions poolOptions(int size) {
    return new PoolOptions().setMaxSize(size).setShared(true).setName("onego-pg").setMaxWaitQueueSize(MAX_WAITERS)
        .setConnectionTimeout(0);
  }
}
