package onego.server.support;

import onego.embedded.EmbeddedServices;
import onego.server.infra.Database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL and Redis the tests talk to: {@code ONEGO_PG_URL} / {@code ONEGO_REDIS_URL}
 * when set (CI), else the embedded ones, started once per test JVM.
 */
public final class TestServices {
  private static String pgUrl;
  private static String redisUrl;
  private static EmbeddedServices embedded;

  private TestServices() {}

  public static synchronized String pgUrl() {
    start();
    return pgUrl;
  }

  public static synchronized String redisUrl() {
    start();
    return redisUrl;
  }

  private static void start() {
    if (pgUrl != null) return;
    String pg = System.getenv("ONEGO_PG_URL");
    String redis = System.getenv("ONEGO_REDIS_URL");
    if (pg == null || redis == null) {
      embedded = new EmbeddedServices();
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
    }
    pgUrl = pg != null ? pg : embedded.startPostgres(java.nio.file.Path.of("intake-server", "target", "embedded-data"));
    redisUrl = redis != null ? redis : embedded.startRedis();
    Database.migrate(pgUrl);
  }

  /** Empties every table OneGo writes (CASCADE takes the tables that reference cases), so each test starts from nothing. */
  public static void resetTables() {
    // A node of the test may be mid-transaction on these tables (router, sweeps); PostgreSQL may then pick the
    // TRUNCATE as the victim of a deadlock. That is no failure of the code under test: truncate again.
    for (int attempt = 1; ; attempt++) {
      try {
        sql("TRUNCATE cases, idempotency_keys, department_callbacks, leases, ratings, complaints, cards, obligations CASCADE");
        return;
      } catch (IllegalStateException e) {
        boolean deadlock = e.getCause() instanceof SQLException q && "40P01".equals(q.getSQLState());
        if (!deadlock || attempt == 5) throw e;
      }
    }
  }

  /**
   * Puts a case into {@code caseStatus} with every item in {@code itemStatus}, consistently, as if
   * its departments had worked it (the case writer derives a case's status from its items).
   */
  public static void setCaseState(java.util.UUID caseId, String caseStatus, String itemStatus) {
    sql("UPDATE case_items SET status = '" + itemStatus + "' WHERE case_id = '" + caseId + "'");
    sql("UPDATE cases SET status = '" + caseStatus + "' WHERE case_id = '" + caseId + "'");
  }

  public static long count(String query) {
    try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  /** The first column of every row, as text. */
  public static java.util.List<String> column(String query) {
    try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
      java.util.List<String> out = new java.util.ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  public static void sql(String statement) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  /** A JDBC connection of its own (to hold a lock across a test's steps); the caller closes it. */
  public static Connection connection() throws SQLException {
    return connect();
  }

  private static Connection connect() throws SQLException {
    var o = io.vertx.pgclient.PgConnectOptions.fromUri(pgUrl());
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(),
        o.getUser(), o.getPassword());
  }
}
