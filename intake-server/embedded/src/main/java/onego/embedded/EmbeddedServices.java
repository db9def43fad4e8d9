package onego.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default for a machine with only a JDK: PostgreSQL (data kept in
 * {@code <dataDir>/pg} between runs) and Redis (a cache; nothing kept). Started before Vert.x,
 * on the main thread, because both are blocking process launches.
 */
public final class EmbeddedServices implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

  private EmbeddedPostgres postgres;
  private RedisServer redis;

  /** Thrown when the embedded default cannot be used; the message is meant for the operator as is. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) { super(message); }
  }

  public String startPostgres(Path dataDir) {
    return startPostgres(dataDir, runningAsRoot());
  }

  String startPostgres(Path dataDir, boolean asRoot) {
    if (asRoot) {
      throw new Refused("""
          OneGo cannot start its embedded PostgreSQL: this process runs as root, and PostgreSQL \
          refuses to run as root (initdb and postgres exit at once, to protect the system from a \
          compromised database server). Either run OneGo as an ordinary user, or point it at a \
          PostgreSQL server you run yourself by setting ONEGO_PG_URL, for example \
          ONEGO_PG_URL=postgresql://postgres@127.0.0.1:5432/onego (see README, Configuration).""");
    }
    Path pgDir = dataDir.resolve("pg");
    try {
      Files.createDirectories(pgDir);
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(pgDir)
          .setCleanDataDirectory(false)
          .setPort(freePort())
          .start();
    } catch (IOException | RuntimeException e) {
      throw new Refused("OneGo cannot start its embedded PostgreSQL in " + pgDir + ": " + e.getMessage()
          + ". Is another OneGo dev runner using this folder? Stop it, or set ONEGO_DATA_DIR to another folder,"
          + " or set ONEGO_PG_URL to use a PostgreSQL server of your own.");
    }
    String url = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
    log.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), pgDir);
    return url;
  }

  public String startRedis() {
    try {
      int port = freePort();
      redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
          .setting("save \"\"").setting("appendonly no").build();
      redis.start();
      log.info("embedded Redis on port {}", port);
      return "redis://127.0.0.1:" + port;
    } catch (IOException | RuntimeException e) {
      throw new Refused("OneGo cannot start its embedded Redis: " + e.getMessage()
          + ". Set ONEGO_REDIS_URL to use a Redis server of your own.");
    }
  }

  static boolean runningAsRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (Throwable notUnix) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      if (redis != null) redis.stop();
    } catch (IOException | RuntimeException e) {
      log.warn("embedded Redis did not stop cleanly: {}", e.toString());
    }
    try {
      if (postgres != null) postgres.close();
    } catch (IOException | RuntimeException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
    }
  }
}
