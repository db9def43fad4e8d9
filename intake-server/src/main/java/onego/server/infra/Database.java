package onego.server.infra;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** The PostgreSQL side: Flyway migrations (JDBC, run once before any verticle) and the reactive pool. */
public final class Database {
  private Database() {}

  /** Applies the migrations; blocking, so call it before Vert.x serves anything or on a worker. */
  public static void migrate(String pgUrl) {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway.configure()
        .dataSource(jdbc, o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** One pool shared by every verticle of this node; prepared statements cached per connection. */
  public static Pool pool(Vertx vertx, String pgUrl, int size) {
    PgConnectOptions connect = PgConnectOptions.fromUri(pgUrl)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setShared(true).setName("onego-pg").setMaxWaitQueueSize(10_000))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
