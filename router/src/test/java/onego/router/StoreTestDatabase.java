package onego.router;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.embedded.EmbeddedServices;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL the store tests run on, one per test JVM: {@code ONEGO_PG_URL} when set, else an
 * embedded PostgreSQL with its data in {@code router/target/embedded-data} (as intake-server's
 * {@code TestServices} does). Migrated once with the same Flyway migrations a node applies
 * ({@code classpath:db/migration}, owned by this module). Holds one {@link Vertx} and one reactive
 * {@link Pool} for every test class. Without {@code ONEGO_PG_URL}, a process running as root fails
 * with {@link EmbeddedServices.Refused}, whose message names {@code ONEGO_PG_URL}, as a node does.
 */
public final class StoreTestDatabase {
  /** Enough connections for the concurrency tests: several transactions held open at once plus a probe. */
  private static final int POOL_SIZE = 8;
  /** Every table the stores write that TRUNCATE may empty; CASCADE takes items, events, deliveries and results. */
  private static final String RESET = "TRUNCATE cases, idempotency_keys, department_callbacks, leases, ratings, complaints, cards, obligations CASCADE";

  private static String pgUrl;
  private static Vertx vertx;
  private static Pool pool;

  private StoreTestDatabase() {}

  /** The migrated database's URL ({@code postgresql://user@host:port/db}). */
  public static synchronized String pgUrl() {
    if (pgUrl != null) return pgUrl;
    String url = System.getenv("ONEGO_PG_URL");
    if (url == null) {
      EmbeddedServices embedded = new EmbeddedServices();
      url = embedded.startPostgres(Path.of("router", "target", "embedded-data"));
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
    }
    migrate(url);
    pgUrl = url;
    return pgUrl;
  }

  /** The Vert.x instance of the tests (the stores' event publisher needs one). */
  public static synchronized Vertx vertx() {
    if (vertx == null) vertx = Vertx.vertx();
    return vertx;
  }

  /** The reactive pool the stores under test use, with prepared statements cached as a node's are. */
  public static synchronized Pool pool() {
    if (pool == null) {
      PgConnectOptions connect = PgConnectOptions.fromUri(pgUrl()).setCachePreparedStatements(true);
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(POOL_SIZE)).connectingTo(connect).using(vertx()).build();
    }
    return pool;
  }

  /** Empties every table the stores write, so each test starts from nothing (the audit tables are append-only and left alone). */
  public static void resetTables() {
    sql(RESET);
  }

  /** Runs one statement with {@code $1, $2, ...} bound to {@code params}; answers its rows. */
  public static List<Row> rows(String statement, Object... params) {
    List<Row> out = new ArrayList<>();
    Await.result(pool().preparedQuery(statement).execute(Tuple.from(params))).forEach(out::add);
    return out;
  }

  /** Runs one statement for its effect. */
  public static void sql(String statement, Object... params) {
    if (params.length == 0) Await.result(pool().query(statement).execute());
    else Await.result(pool().preparedQuery(statement).execute(Tuple.from(params)));
  }

  /** The first column of a one-row answer as a number (counts, seqs). */
  public static long number(String query, Object... params) {
    return rows(query, params).get(0).getLong(0);
  }

  /** The first column of every row, as text. */
  public static List<String> column(String query, Object... params) {
    return rows(query, params).stream().map(r -> r.getValue(0) == null ? null : String.valueOf(r.getValue(0))).toList();
  }

  /** How many sessions of this database wait for a lock right now (to let a test go on once a transaction blocks). */
  public static long sessionsWaitingForALock() {
    return number("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
  }

  private static void migrate(String url) {
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    Flyway.configure()
        .dataSource("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(), o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
